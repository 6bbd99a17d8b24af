package dev.tgfsm.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
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

    /** Runs in every handler, after the update's load and before its commit. */
    private volatile Runnable whileHandling = () -> {};

    private final UpdateHandler replying = u -> {
        whileHandling.run();
        String in = u.update().getMessage().getText();
        u.context().setState("step:" + in);
        long chat = u.update().getMessage().getChatId();
        String of = chat == user ? "" : " of " + chat;
        u.transaction().outbox().send(SendMessage.builder().chatId(chat).text("reply to " + in + of).build());
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
            contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null,
                    relay);
            flusher = new OutboxFlusher(contexts, relay, clock, Duration.ofSeconds(1));
        }

        /** Handles the updates on four threads at once (each conversation's in order). */
        void handleAll(List<Update> batch) throws Exception {
            try (UpdateDispatcher dispatcher = new UpdateDispatcher(bot, KeyStrategy.USER_IN_CHAT, contexts, replying,
                    DispatcherConfig.ofDefaults().withThreads(4), null)) {
                List<Future<?>> handled = new ArrayList<>();
                for (Update update : batch) {
                    handled.add(dispatcher.submit(update));
                }
                for (Future<?> f : handled) {
                    f.get(60, TimeUnit.SECONDS);
                }
            }
        }

        void handle(Update... batch) throws Exception {
            try (UpdateDispatcher dispatcher = new UpdateDispatcher(bot, KeyStrategy.USER_IN_CHAT, contexts, replying,
                    DispatcherConfig.ofDefaults().withThreads(1), null)) {
                for (Update update : batch) {
                    dispatcher.submit(update).get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static TelegramClient dead() {
        return (TelegramClient) Proxy.newProxyInstance(TelegramClient.class.getClassLoader(),
                new Class<?>[]{TelegramClient.class}, (proxy, method, args) -> {
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
    void twoLiveInstancesRedeliverEachStaleEntryExactlyOnce() throws Exception {
        int users = 150;
        new Instance(dead(), storage(0)).handleAll(texts(users, "hello"));
        Instance a = new Instance(telegram.client(), storage(0));
        Instance b = new Instance(telegram.client(), storage(1));
        a.handleAll(texts(users, "a"));
        b.handleAll(texts(users, "b"));
        clock.advance(OutboxConfig.DEFAULT_ACK_DELAY);
        a.flusher.flushDue();
        b.flusher.flushDue();
        assertThat(telegram.texts()).as("the stored entries are young: their instance may still be sending")
                .noneMatch(t -> t.startsWith("reply to hello"));

        clock.advance(OutboxConfig.DEFAULT_REDELIVER_AFTER);
        // both instances take the stale entries over at once, each on its flusher and on its updates;
        // b's first handler lets a's flusher take over every entry b's handlers have loaded already
        AtomicBoolean once = new AtomicBoolean();
        whileHandling = () -> {
            if (once.compareAndSet(false, true)) {
                a.flusher.flushDue();
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> racing = List.of(pool.submit(() -> {
                b.handleAll(texts(users, "b2"));
                return null;
            }), pool.submit(() -> b.flusher.flushDue()), pool.submit(() -> {
                a.handleAll(texts(users, "a2"));
                return null;
            }));
            for (Future<?> f : racing) {
                f.get(120, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }

        Map<String, Long> sent = telegram.texts().stream()
                .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
        for (int i = 1; i <= users; i++) {
            for (String in : List.of("hello", "a", "b", "a2", "b2")) {
                assertThat(sent.get("reply to " + in + " of " + (user + i))).as("replies to %s of user %d", in, i)
                        .isEqualTo(1L);
            }
        }
        assertThat(telegram.texts()).hasSize(5 * users);
    }

    private List<Update> texts(int users, String text) {
        List<Update> batch = new ArrayList<>(users);
        for (int i = 1; i <= users; i++) {
            batch.add(updates.text(user + i, user + i, text));
        }
        return batch;
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
