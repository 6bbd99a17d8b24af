package dev.tgfsm.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.EngineContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.CounterStorage;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.PrivacyStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.ThrottleStorage;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * The flusher's acknowledgements of many conversations, due at one check, cost one load and one
 * write together, not a unit of work each; the conversations that changed in between are loaded and
 * written once more together (one that changed again is done under its lock), and nothing is lost
 * or sent twice.
 */
class OutboxSharedAcknowledgementTests {

    private static final long BOT = 9;

    private static final int USERS = 5;

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage memory = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private final LeaseKeeper leases = new LeaseKeeper();

    private final OutboxRelay relay = new OutboxRelay(new OutboxSender(telegram.client(),
            OutboxConfig.custom().retryBackoff(Duration.ZERO).build()), clock);

    @AfterEach
    void close() {
        leases.close();
    }

    private FsmContexts contexts(FsmStorage storage) {
        return FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withLock(Duration.ofSeconds(30), Duration.ofSeconds(5)), leases, relay);
    }

    /** Each user's update replies; the first user's reply has a follow-up. */
    private void everyUserGetsAReply(FsmContexts contexts) throws Exception {
        UpdateHandler replying = u -> {
            long user = u.update().getMessage().getFrom().getId();
            SendMessage reply = SendMessage.builder().chatId(user).text("hi " + user).build();
            if (user == 1) {
                u.transaction().outbox().send(reply,
                        sent -> ctx -> EngineContext.of(ctx).setMeta("menuId", sent.getMessageId()));
            }
            else {
                u.transaction().outbox().send(reply);
            }
        };
        try (UpdateDispatcher dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, replying,
                DispatcherConfig.ofDefaults().withThreads(2), null)) {
            for (int user = 1; user <= USERS; user++) {
                dispatcher.submit(updates.text(user, "x")).get(10, TimeUnit.SECONDS);
            }
        }
    }

    private Object stored(long user, String meta) {
        return memory.load(StorageKey.of(BOT, user, user)).meta().get(meta);
    }

    @Test
    void theAcknowledgementsDueAtOneCheckCostOneLoadAndOneWrite() throws Exception {
        CountingFsmStorage counting = new CountingFsmStorage(memory);
        FsmContexts contexts = contexts(counting);
        everyUserGetsAReply(contexts);
        assertThat(relay.pendingAcknowledgements()).isEqualTo(USERS);
        OutboxFlusher flusher = new OutboxFlusher(contexts, relay, clock, Duration.ofSeconds(1));
        clock.advance(relay.config().ackDelay().plusMillis(1));
        counting.reset();

        assertThat(flusher.flushDue()).isEqualTo(USERS);

        assertThat(counting.snapshot()).isEqualTo(Map.of("loadAll", 1L, "saveEach", 1L));
        for (long user = 1; user <= USERS; user++) {
            assertThat(stored(user, OutboxRelay.META)).as("user %d acknowledged", user).isNull();
        }
        assertThat(stored(1, "menuId")).as("the follow-up is stored with the acknowledgement").isNotNull();
        assertThat(relay.pendingAcknowledgements()).isZero();
        assertThat(telegram.texts()).hasSize(USERS);
        assertThat(flusher.flushDue()).isZero();
    }

    @Test
    void aConversationChangedAfterTheLoadLosesNothingAndIsNotSentAgain() throws Exception {
        AtomicBoolean interfere = new AtomicBoolean();
        FsmContexts contexts = contexts(interfering(interfere));
        everyUserGetsAReply(contexts);
        OutboxFlusher flusher = new OutboxFlusher(contexts, relay, clock, Duration.ofSeconds(1));
        clock.advance(relay.config().ackDelay().plusMillis(1));
        interfere.set(true);

        assertThat(flusher.flushDue()).isEqualTo(USERS);

        for (long user = 1; user <= USERS; user++) {
            assertThat(stored(user, OutboxRelay.META)).as("user %d acknowledged", user).isNull();
        }
        assertThat(memory.load(StorageKey.of(BOT, 3, 3)).state()).as("the change in between is kept")
                .isEqualTo("changed meanwhile");
        assertThat(relay.pendingAcknowledgements()).isZero();
        assertThat(telegram.texts()).as("nothing sent again").hasSize(USERS);
    }

    @Test
    void theConversationsChangedAfterTheLoadAreWrittenAgainTogetherNotEachUnderItsLock() throws Exception {
        AtomicBoolean interfere = new AtomicBoolean();
        CountingFsmStorage counting = new CountingFsmStorage(interfering(interfere));
        FsmContexts contexts = contexts(counting);
        everyUserGetsAReply(contexts);
        OutboxFlusher flusher = new OutboxFlusher(contexts, relay, clock, Duration.ofSeconds(1));
        clock.advance(relay.config().ackDelay().plusMillis(1));
        interfere.set(true);
        counting.reset();

        assertThat(flusher.flushDue()).isEqualTo(USERS);

        assertThat(counting.snapshot()).as("a second load and write, for the one that changed; no lock")
                .isEqualTo(Map.of("loadAll", 2L, "saveEach", 2L));
        for (long user = 1; user <= USERS; user++) {
            assertThat(stored(user, OutboxRelay.META)).as("user %d acknowledged", user).isNull();
        }
        assertThat(memory.load(StorageKey.of(BOT, 3, 3)).state()).isEqualTo("changed meanwhile");
        assertThat(relay.pendingAcknowledgements()).isZero();
        assertThat(telegram.texts()).hasSize(USERS);
    }

    /** The memory storage, where the first load of several conversations is followed by a change of user 3. */
    private FsmStorage interfering(AtomicBoolean interfere) {
        return (FsmStorage) Proxy.newProxyInstance(FsmStorage.class.getClassLoader(),
                new Class<?>[]{CounterStorage.class, ThrottleStorage.class, DeadlineIndex.class, PrivacyStorage.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("capability")) {
                        return InvocationHandler.invokeDefault(proxy, method, args); // this proxy, as each capability
                    }
                    Object result;
                    try {
                        result = method.invoke(memory, args);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                    if (method.getName().equals("loadAll") && ((Collection<?>) args[0]).size() > 1
                            && interfere.getAndSet(false)) {
                        memory.setState(StorageKey.of(BOT, 3, 3), "changed meanwhile");
                    }
                    return result;
                });
    }
}
