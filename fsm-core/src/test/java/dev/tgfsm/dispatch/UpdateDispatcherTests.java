package dev.tgfsm.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

class UpdateDispatcherTests {

    private static final long BOT = 42;

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
            ContextConfig.ofDefaults(),
            null);

    private final Updates updates = new Updates(clock);

    private UpdateDispatcher dispatcher;

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    private UpdateDispatcher dispatcher(UpdateHandler handler, DispatchListener listener) {
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, handler,
                DispatcherConfig.ofDefaults().withThreads(8), listener);
        return dispatcher;
    }

    @Test
    void hundredUsersTimesTwentyInterleavedUpdatesKeepPerUserOrderAndExactData() throws Exception {
        dispatcher((UpdateContext u) -> {
            FsmContext ctx = u.context();
            String text = u.update().getMessage().getText();
            @SuppressWarnings("unchecked")
            List<Object> seen = new ArrayList<>((List<Object>) ctx.getData().getOrDefault("seen", List.of()));
            seen.add(Integer.parseInt(text));
            ctx.updateData("seen", seen);
            ctx.setState("Step:" + text);
        }, null);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            for (long user = 1; user <= 100; user++) {
                all.add(dispatcher.submit(updates.text(user, String.valueOf(i))));
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add(i);
        }
        for (long user = 1; user <= 100; user++) {
            StorageKey key = StorageKey.of(BOT, user, user);
            assertThat(storage.getData(key).get("seen")).as("user %d", user).isEqualTo(expected);
            assertThat(storage.getState(key)).isEqualTo("Step:19");
        }
    }

    @Test
    void aDuplicateDeliveryIsSkipped() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        dispatcher(u -> {
            calls.incrementAndGet();
            u.context().updateData("n", calls.get());
        }, new DispatchListener() {
            @Override
            public void duplicate(Update update) {
                duplicates.incrementAndGet();
            }
        });
        Update update = updates.text(5, "hi");
        dispatcher.submit(update).get(10, TimeUnit.SECONDS);
        dispatcher.submit(update).get(10, TimeUnit.SECONDS);
        assertThat(calls).hasValue(1);
        assertThat(duplicates).hasValue(1);
    }

    @Test
    void aRedeliveryToAnotherInstanceIsSkippedThroughTheRecord() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        UpdateHandler handler = u -> {
            calls.incrementAndGet();
            u.context().updateData("n", calls.get());
        };
        Update update = updates.text(5, "hi");
        dispatcher(handler, null).submit(update).get(10, TimeUnit.SECONDS);
        try (UpdateDispatcher other = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, handler,
                DispatcherConfig.ofDefaults(), null)) {
            other.submit(update).get(10, TimeUnit.SECONDS);
        }
        assertThat(calls).hasValue(1);
        assertThat(storage.load(StorageKey.of(BOT, 5, 5)).meta().get(UpdateDispatcher.META_RECENT_UPDATES))
                .isEqualTo(List.of(update.getUpdateId()));
    }

    @Test
    void aFailingHandlerCommitsNothingAndOtherUpdatesGoOn() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        dispatcher(u -> {
            u.context().setState("Half:WAY");
            u.context().updateData("partial", true);
            if (u.update().getMessage().getText().equals("boom")) {
                throw new IllegalStateException("handler bug");
            }
        }, new DispatchListener() {
            @Override
            public void failed(Update update, Throwable error) {
                failures.incrementAndGet();
            }
        });
        CompletableFuture<Void> bad = dispatcher.submit(updates.text(1, "boom"));
        CompletableFuture<Void> good = dispatcher.submit(updates.text(2, "fine"));
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
                .withCauseInstanceOf(IllegalStateException.class);
        good.get(10, TimeUnit.SECONDS);
        assertThat(storage.load(StorageKey.of(BOT, 1, 1)).exists()).isFalse();
        assertThat(storage.getState(StorageKey.of(BOT, 2, 2))).isEqualTo("Half:WAY");
        assertThat(failures).hasValue(1);
    }

    @Test
    void anUpdateWithoutChatOrUserRunsWithoutAContext() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        dispatcher(u -> {
            assertThat(u.hasConversation()).isFalse();
            seen.incrementAndGet();
        }, null);
        dispatcher.submit(updates.update(Map.of("poll", Map.of("id", "p1", "question", "?", "options", List.of(),
                "total_voter_count", 0, "is_closed", false, "is_anonymous", true, "type", "regular",
                "allows_multiple_answers", false)))).get(10, TimeUnit.SECONDS);
        assertThat(seen).hasValue(1);
    }

    @Test
    void shutdownWaitsForUpdatesInFlightAndRefusesNewOnes() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, u -> {
            started.countDown();
            Thread.sleep(200);
            u.context().updateData("done", true);
            finished.incrementAndGet();
        }, DispatcherConfig.ofDefaults().withShutdownTimeout(Duration.ofSeconds(10)), null);
        dispatcher.submit(updates.text(1, "slow"));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(dispatcher.shutdown()).isTrue();
        assertThat(finished).hasValue(1);
        assertThat(storage.getData(StorageKey.of(BOT, 1, 1))).containsEntry("done", true);
        assertThatExceptionOfType(java.util.concurrent.RejectedExecutionException.class)
                .isThrownBy(() -> dispatcher.submit(updates.text(1, "late")));
    }

    /**
     * A shutdown waits for the updates that run, and leaves those that had not started (queued behind
     * an update of their conversation, or for a worker) unrun and cancelled, for Telegram to deliver
     * again: running them could hold the shutdown once per queued update.
     */
    @Test
    void shutdownRunsNoUpdateThatHadNotStarted() throws Exception {
        CountDownLatch running = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, u -> {
            String text = u.update().getMessage().getText();
            ran.add(text);
            u.context().updateData(text, true);
            if (text.startsWith("first")) {
                running.countDown();
                release.await();
            }
        }, DispatcherConfig.ofDefaults().withThreads(2).withShutdownTimeout(Duration.ofSeconds(30)), null);
        RecordingObserver observer = new RecordingObserver();
        dispatcher.setObserver(observer);
        CompletableFuture<Void> first1 = dispatcher.submit(updates.text(1, "first1"));
        CompletableFuture<Void> first2 = dispatcher.submit(updates.text(2, "first2"));
        assertThat(running.await(10, TimeUnit.SECONDS)).as("both workers busy").isTrue();
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(dispatcher.submit(updates.text(1, "behind1-" + i))); // behind its conversation
            queued.add(dispatcher.submit(updates.text(2, "behind2-" + i)));
        }
        for (long user = 3; user <= 7; user++) {
            queued.add(dispatcher.submit(updates.text(user, "worker" + user))); // for a worker
        }
        java.util.concurrent.atomic.AtomicBoolean drained = new java.util.concurrent.atomic.AtomicBoolean();
        Thread stopping = new Thread(() -> drained.set(dispatcher.shutdown()));
        stopping.start();
        // shutdown() counts its latch down before it waits for the running updates' permits
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stopping.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("shutdown waits").isLessThan(deadline);
            Thread.sleep(1);
        }
        release.countDown();
        stopping.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(drained).isTrue();
        assertThat(first1).isCompleted().isNotCompletedExceptionally();
        assertThat(first2).isCompleted().isNotCompletedExceptionally();
        assertThat(queued).hasSize(15).allSatisfy(f -> assertThat(f).isCancelled());
        assertThat(ran).containsExactlyInAnyOrder("first1", "first2");
        assertThat(observer.ended).filteredOn(e -> e.endsWith("HANDLED")).containsExactlyInAnyOrder("first1 HANDLED",
                "first2 HANDLED");
        assertThat(observer.ended).filteredOn(e -> e.endsWith("ABANDONED")).hasSize(15);
        assertThat(storage.getData(StorageKey.of(BOT, 1, 1))).containsOnlyKeys("first1");
        assertThat(storage.getData(StorageKey.of(BOT, 5, 5))).isEmpty();
        assertThat(dispatcher.inFlight()).isZero();
    }

    /** An observer that throws when an update starts, is entered or ends changes nothing about the update. */
    @Test
    void anObserverThatThrowsLeavesEveryUpdateHandledAndEveryPermitReturned() throws Exception {
        for (String failing : List.of("started", "enter", "ended")) {
            dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                    u -> u.context().updateData(failing, true),
                    new DispatcherConfig(2, 2, 4096, 16, Duration.ofSeconds(10)),
                    null);
            dispatcher.setObserver((update, botId) -> {
                if (failing.equals("started")) {
                    throw new IllegalStateException("observer broken at started");
                }
                return new UpdateObserver.Watch() {
                    @Override
                    public void enter() {
                        if (failing.equals("enter")) {
                            throw new IllegalStateException("observer broken at enter");
                        }
                    }

                    @Override
                    public void ended(UpdateObserver.Outcome outcome, Throwable error) {
                        if (failing.equals("ended")) {
                            throw new IllegalStateException("observer broken at ended");
                        }
                    }
                };
            });
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (long user = 1; user <= 10; user++) {
                all.add(dispatcher.submit(updates.text(user, failing)));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            for (long user = 1; user <= 10; user++) {
                assertThat(storage.getData(StorageKey.of(BOT, user, user))).as(failing).containsEntry(failing, true);
            }
            // a future completes just before its worker returns the permit: shut down (waits for the
            // permits) before counting what is in flight
            assertThat(dispatcher.shutdown()).as("every permit returned (%s)", failing).isTrue();
            assertThat(dispatcher.inFlight()).as(failing).isZero();
        }
    }
}
