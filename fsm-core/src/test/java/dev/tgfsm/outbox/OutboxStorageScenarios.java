package dev.tgfsm.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextOptions;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.DispatcherOptions;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * The outbox's guarantees on a real backend: two instances (two storages on one server, two runs)
 * share conversations; one dies after its commit and the other delivers exactly once; an
 * acknowledgement rides in the next commit. A backend's test extends this with its two storages.
 */
public abstract class OutboxStorageScenarios {

    /** The clock every storage of the test must use. */
    protected final MutableClock clock = MutableClock.now();

    private final long bot = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);

    private final long user = ThreadLocalRandom.current().nextLong(1_000, 1_000_000);

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(bot, clock);

    private final Updates updates = new Updates(clock);

    private final UpdateHandler replying = u -> {
        String in = u.update().getMessage().getText();
        u.context().setState("step:" + in);
        u.transaction().outbox().send(SendMessage.builder().chatId(user).text("reply to " + in).build());
    };

    /**
     * Returns one instance's storage on the shared server, using {@link #clock}.
     *
     * @param instance 0 or 1
     * @return the storage
     */
    protected abstract FsmStorage storage(int instance);

    private final class Instance {

        final OutboxRelay relay;

        final FsmContexts contexts;

        final OutboxFlusher flusher;

        Instance(TelegramClient client, FsmStorage storage) {
            relay = new OutboxRelay(new OutboxSender(client, OutboxConfig.custom().retryBackoff(Duration.ZERO).build()),
                    clock);
            contexts = new FsmContexts(storage, new JacksonFsmCodec(), ContextOptions.defaults(), null, relay);
            flusher = new OutboxFlusher(contexts, relay, clock, Duration.ofSeconds(1));
        }

        void handle(Update... batch) throws Exception {
            try (UpdateDispatcher dispatcher = new UpdateDispatcher(bot, KeyStrategy.USER_IN_CHAT, contexts, replying,
                    DispatcherOptions.defaults().withThreads(1), null)) {
                for (Update update : batch) {
                    dispatcher.submit(update).get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static TelegramClient dead() {
        return (TelegramClient) Proxy.newProxyInstance(TelegramClient.class.getClassLoader(),
                new Class<?>[] { TelegramClient.class }, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "dead client" : 0;
                    }
                    throw new IllegalStateException("the process died before sending");
                });
    }

    private List<?> pending() {
        Object raw = storage(1).load(StorageKey.of(bot, user, user)).meta().get(OutboxRelay.META);
        return raw instanceof List<?> list ? list : List.of();
    }

    @Test
    void aCrashAfterTheCommitIsDeliveredExactlyOnceByTheOtherInstance() throws Exception {
        Update hello = updates.text(user, "hello");
        new Instance(dead(), storage(0)).handle(hello);
        assertThat(pending()).hasSize(1);

        Instance survivor = new Instance(telegram.client(), storage(1));
        clock.advance(Duration.ofSeconds(3));
        survivor.handle(hello);
        assertThat(telegram.calls()).as("the entry is young: its instance may still be sending").isEmpty();

        clock.advance(OutboxConfig.DEFAULT_REDELIVER_AFTER);
        survivor.handle(hello);
        survivor.handle(hello, updates.text(user, "world"));
        clock.advance(Duration.ofMinutes(1));
        survivor.flusher.flushDue();
        new Instance(telegram.client(), storage(0)).handle(updates.text(user, "again"));

        assertThat(telegram.texts()).containsExactly("reply to hello", "reply to world", "reply to again");
        assertThat(storage(1).getState(StorageKey.of(bot, user, user))).isEqualTo("step:again");
    }

    @Test
    void theAcknowledgementRidesInTheNextCommitAndTheRestIsFlushed() throws Exception {
        CountingFsmStorage counting = new CountingFsmStorage(storage(1));
        Instance instance = new Instance(telegram.client(), counting);

        instance.handle(updates.text(user, "1"), updates.text(user, "2"), updates.text(user, "3"));

        assertThat(counting.count("save")).as("one write per update, acknowledgements included").isEqualTo(3);
        assertThat(pending()).as("only the last update's entry waits").hasSize(1);
        counting.reset();

        clock.advance(OutboxConfig.DEFAULT_ACK_DELAY);
        assertThat(instance.flusher.flushDue()).isEqualTo(1);

        assertThat(pending()).isEmpty();
        assertThat(counting.count("saveEach")).as("the flusher's one write").isEqualTo(1);
        assertThat(telegram.texts()).containsExactly("reply to 1", "reply to 2", "reply to 3");
    }
}
