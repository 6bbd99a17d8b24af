package dev.tgfsm.isolation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
