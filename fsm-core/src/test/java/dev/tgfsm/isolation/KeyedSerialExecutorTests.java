package dev.tgfsm.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyedSerialExecutorTests {

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    private final KeyedSerialExecutor<Integer> executor = new KeyedSerialExecutor<>(pool);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void tasksOfOneKeyRunInOrderAndNeverOverlap() throws Exception {
        int keys = 50;
        int perKey = 200;
        Map<Integer, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(keys * perKey);
        for (int i = 0; i < perKey; i++) {
            for (int k = 0; k < keys; k++) {
                int key = k;
                int seq = i;
                executor.execute(key, () -> {
                    if (running.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    seen.computeIfAbsent(key, x -> Collections.synchronizedList(new ArrayList<>())).add(seq);
                    running.get(key).decrementAndGet();
                    done.countDown();
                });
            }
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(overlaps).hasValue(0);
        for (int k = 0; k < keys; k++) {
            assertThat(seen.get(k)).hasSize(perKey).isSorted();
        }
        waitUntilIdle();
        assertThat(executor.activeKeys()).isZero();
    }

    @Test
    void differentKeysRunInParallel() throws Exception {
        CountDownLatch bothStarted = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        for (int k = 0; k < 2; k++) {
            executor.execute(k, () -> {
                bothStarted.countDown();
                await(release);
            });
        }
        assertThat(bothStarted.await(10, TimeUnit.SECONDS)).isTrue();
        release.countDown();
    }

    @Test
    void aFailingTaskDoesNotStopTheNextOnes() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        executor.execute(1, () -> {
            throw new IllegalStateException("boom");
        });
        executor.execute(1, done::countDown);
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void callersThatRunTheirOwnTasksKeepEachKeysOrderWithoutOverlapOnManyKeysAndOneHotKey() throws Exception {
        int callers = 8;
        int perCaller = 400;
        int hot = -1;
        Map<Integer, List<String>> seen = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger ranHere = new AtomicInteger();
        AtomicInteger total = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            List<java.util.concurrent.Future<?>> all = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                all.add(threads.submit(() -> {
                    for (int i = 0; i < perCaller; i++) {
                        int key = i % 2 == 0 ? hot : caller * 1000 + i % 7;
                        String mark = caller + ":" + i;
                        CountDownLatch done = new CountDownLatch(1);
                        Runnable task = () -> {
                            if (running.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            seen.computeIfAbsent(key, x -> Collections.synchronizedList(new ArrayList<>())).add(mark);
                            total.incrementAndGet();
                            running.get(key).decrementAndGet();
                            done.countDown();
                        };
                        executor.execute(key, task);
                        // every third task is left to the workers, so both kinds of runs meet on one key
                        if (i % 3 != 0 && executor.runIfWaiting(key, task)) {
                            ranHere.incrementAndGet();
                        }
                        if (i % 5 == 0) {
                            await(done);
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : all) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            threads.shutdownNow();
        }
        waitUntilIdle();
        assertThat(total).hasValue(callers * perCaller);
        assertThat(overlaps).hasValue(0);
        assertThat(ranHere.get()).isPositive();
        assertThat(seen.get(hot)).hasSize(callers * perCaller / 2);
        for (List<String> tasks : seen.values()) {
            // each caller's tasks of a key appear in the order it queued them
            Map<String, Integer> last = new java.util.HashMap<>();
            for (String mark : tasks) {
                String[] parts = mark.split(":");
                Integer before = last.put(parts[0], Integer.parseInt(parts[1]));
                assertThat(before == null || before < Integer.parseInt(parts[1])).as(mark).isTrue();
            }
        }
        assertThat(executor.activeKeys()).isZero();
    }

    @Test
    void aTaskBehindAnotherOfItsKeyIsNotRunByItsCaller() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        executor.execute(1, () -> {
            firstStarted.countDown();
            await(release);
        });
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch second = new CountDownLatch(1);
        Runnable task = second::countDown;
        executor.execute(1, task);
        assertThat(executor.runIfWaiting(1, task)).isFalse();
        release.countDown();
        assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(executor.runIfWaiting(1, task)).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTaskQueuedBehindOneWhoseDrainIsRefusedStillRuns() {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger refusals = new AtomicInteger();
        KeyedSerialExecutor<Integer>[] holder = new KeyedSerialExecutor[1];
        Executor refusingOnce = command -> {
            if (refusals.getAndIncrement() == 0) {
                // another caller queues behind the first task while the pool refuses its drain
                holder[0].execute(7, () -> ran.add("second"));
                throw new RejectedExecutionException("full");
            }
            command.run();
        };
        holder[0] = new KeyedSerialExecutor<>(refusingOnce);

        assertThatThrownBy(() -> holder[0].execute(7, () -> ran.add("first")))
                .isInstanceOf(RejectedExecutionException.class);

        assertThat(ran).containsExactly("second");
        assertThat(holder[0].activeKeys()).isZero();
        holder[0].execute(7, () -> ran.add("third"));
        assertThat(ran).containsExactly("second", "third");
    }

    private void waitUntilIdle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (executor.activeKeys() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
