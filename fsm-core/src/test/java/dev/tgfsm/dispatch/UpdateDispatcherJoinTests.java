package dev.tgfsm.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

/**
 * A caller that waits for its update with {@code join()} runs it on its own thread when its
 * conversation is idle; the conversation's order, exact counts and the bound on threads hold.
 */
class UpdateDispatcherJoinTests {

    private static final long BOT = 42;

    private static final long HOT = 1_000;

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
            ContextConfig.ofDefaults(),
            null);

    private final Updates updates = new Updates(clock);

    private final ExecutorService callers = Executors.newFixedThreadPool(8);

    private UpdateDispatcher dispatcher;

    @AfterEach
    void stop() {
        callers.shutdownNow();
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @Test
    void anIdleConversationsUpdateAwaitedWithJoinRunsOnTheCallersThread() {
        List<Thread> ranOn = new ArrayList<>();
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, u -> {
            ranOn.add(Thread.currentThread());
            u.context().updateData("n", 1);
        }, DispatcherConfig.ofDefaults().withThreads(2), null);
        // workers that never get to run: every update must be run by the caller that joins it
        CountDownLatch gate = new CountDownLatch(1);
        dispatcher.setThreadFactory(r -> new Thread(() -> {
            try {
                gate.await();
            }
            catch (InterruptedException ex) {
                return;
            }
            r.run();
        }));
        int n = 50;
        List<Thread> caller = new ArrayList<>();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                caller.add(Thread.currentThread());
                for (int i = 0; i < n; i++) {
                    dispatcher.submit(updates.text(i + 1, "hi")).join();
                }
            });
        }
        finally {
            gate.countDown();
        }
        assertThat(ranOn).hasSize(n).containsOnly(caller.get(0));
        assertThat(storage.getData(StorageKey.of(BOT, 7, 7))).containsEntry("n", 1);
        assertThat(dispatcher.inFlight()).isZero();
    }

    @Test
    void getOnlyWaitsForTheWorker() throws Exception {
        List<Thread> ranOn = new ArrayList<>();
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                u -> ranOn.add(Thread.currentThread()),
                DispatcherConfig.ofDefaults().withThreads(1), null);
        dispatcher.submit(updates.text(3, "hi")).get(30, TimeUnit.SECONDS);
        assertThat(ranOn).hasSize(1).doesNotContain(Thread.currentThread());
    }

    @Test
    void joinersOnManyKeysAndOneHotKeyKeepEachConversationsOrderExactCountsAndTheThreadBound() throws Exception {
        int threads = 2;
        Map<StorageKey, AtomicInteger> runningPerKey = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, u -> {
            int now = running.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            AtomicInteger mine = runningPerKey.computeIfAbsent(u.key(), k -> new AtomicInteger());
            if (mine.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            // text "<caller>:<seq>": each caller's updates of a conversation are seen in its order
            String[] parts = u.update().getMessage().getText().split(":");
            String list = "seq" + parts[0];
            @SuppressWarnings("unchecked")
            List<Object> seen = new ArrayList<>((List<Object>) u.context().getData().getOrDefault(list, List.of()));
            seen.add(Integer.parseInt(parts[1]));
            u.context().updateData(list, seen);
            Object count = u.context().getData().get("count");
            u.context().updateData("count", count == null ? 1 : ((Number) count).intValue() + 1);
            Thread.yield();
            mine.decrementAndGet();
            running.decrementAndGet();
        }, DispatcherConfig.ofDefaults().withThreads(threads), null);
        int callerCount = 8;
        int rounds = 150;
        List<Future<?>> all = new ArrayList<>();
        for (int c = 0; c < callerCount; c++) {
            int caller = c;
            all.add(callers.submit(() -> {
                for (int i = 0; i < rounds; i++) {
                    if (i % 3 == 2) {
                        // a burst on the hot conversation: the later ones wait behind the first
                        List<CompletableFuture<Void>> burst = new ArrayList<>();
                        for (int b = 0; b < 3; b++) {
                            burst.add(dispatcher.submit(updates.text(HOT, caller + ":" + (i * 3 + b))));
                        }
                        burst.forEach(CompletableFuture::join);
                    }
                    else {
                        dispatcher.submit(updates.text(caller + 1, caller + ":" + i)).join();
                        dispatcher.submit(updates.text(HOT, caller + ":" + (i * 3))).join();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get(120, TimeUnit.SECONDS);
        }
        int hotPerCaller = 0;
        for (int i = 0; i < rounds; i++) {
            hotPerCaller += i % 3 == 2 ? 3 : 1;
        }
        Map<String, Object> hot = storage.getData(StorageKey.of(BOT, HOT, HOT));
        assertThat(hot.get("count")).isEqualTo(callerCount * hotPerCaller);
        for (int c = 0; c < callerCount; c++) {
            @SuppressWarnings("unchecked")
            List<Integer> seen = (List<Integer>) hot.get("seq" + c);
            assertThat(seen).as("caller %d on the hot conversation", c).hasSize(hotPerCaller).isSorted()
                    .doesNotHaveDuplicates();
            Map<String, Object> own = storage.getData(StorageKey.of(BOT, c + 1, c + 1));
            assertThat(own.get("count")).isEqualTo(rounds - rounds / 3);
            @SuppressWarnings("unchecked")
            List<Integer> ownSeen = (List<Integer>) own.get("seq" + c);
            assertThat(ownSeen).isSorted().doesNotHaveDuplicates();
        }
        assertThat(overlaps).hasValue(0);
        assertThat(mostAtOnce.get()).isLessThanOrEqualTo(threads);
        assertThat(dispatcher.inFlight()).isZero();
    }
}
