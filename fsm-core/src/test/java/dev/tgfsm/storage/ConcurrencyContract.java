package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.tgfsm.key.StorageKey;

/**
 * Contract under contention: {@value StorageContract#THREADS} threads, each doing
 * {@link #operations()} operations, on one hot key and on many keys. Final counts must be exact.
 */
public interface ConcurrencyContract extends StorageContract {

    /** Work of one thread. */
    @FunctionalInterface
    interface ThreadWork {

        /**
         * Runs the work of one thread.
         *
         * @param thread the thread's index
         * @throws Exception on failure
         */
        void run(int thread) throws Exception;
    }

    /**
     * Runs the work on {@value StorageContract#THREADS} threads started together and rethrows the
     * first failure.
     *
     * @param work the work
     * @throws Exception the first failure of a thread
     */
    default void runConcurrently(ThreadWork work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    work.run(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.MINUTES);
            }
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void updateDataMergesOnHotKeyAreNeverLost() throws Exception {
        StorageKey hot = key(1);
        runConcurrently(t -> {
            for (int i = 0; i < operations(); i++) {
                Map<String, Object> merged = storage().updateData(hot,
                        Map.of("t" + t, i + 1, "t" + t + ".f" + (i % 3), i));
                assertThat(merged).containsEntry("t" + t, i + 1);
            }
        });

        Map<String, Object> data = storage().getData(hot);
        for (int t = 0; t < THREADS; t++) {
            assertThat(data).containsEntry("t" + t, operations());
            for (int r = 0; r < 3 && r < operations(); r++) {
                int last = operations() - 1 - ((operations() - 1 - r) % 3);
                assertThat(data).containsEntry("t" + t + ".f" + r, last);
            }
        }
    }

    @Test
    default void updateDataMergesOnManyKeysAreNeverLost() throws Exception {
        int keys = 20;
        runConcurrently(t -> {
            for (int i = 0; i < operations(); i++) {
                storage().updateData(key(i % keys), Map.of("t" + t, i));
            }
        });

        for (int k = 0; k < keys && k < operations(); k++) {
            int last = operations() - 1 - ((operations() - 1 - k) % keys);
            Map<String, Object> data = storage().getData(key(k));
            for (int t = 0; t < THREADS; t++) {
                assertThat(data).containsEntry("t" + t, last);
            }
        }
    }

    @Test
    default void compareAndSetRetryLoopCountsExactly() throws Exception {
        StorageKey hot = key(1);
        runConcurrently(t -> {
            for (int i = 0; i < operations(); i++) {
                while (true) {
                    String current = storage().getState(hot);
                    String next = String.valueOf(current == null ? 1 : Long.parseLong(current) + 1);
                    if (storage().compareAndSet(hot, current, next, null)) {
                        break;
                    }
                }
            }
        });

        assertThat(storage().getState(hot)).isEqualTo(String.valueOf((long) THREADS * operations()));
    }

    @Test
    default void versionedSaveRetryLoopCountsExactly() throws Exception {
        StorageKey hot = key(1);
        runConcurrently(t -> {
            for (int i = 0; i < operations(); i++) {
                while (true) {
                    FsmRecord current = storage().load(hot);
                    Object n = current.data().get("n");
                    long next = n == null ? 1 : ((Number) n).longValue() + 1;
                    try {
                        storage().save(WriteBatch.of(RecordWrite.put(hot, current.withData(Map.of("n", next)),
                                current.version(), null)));
                        break;
                    }
                    catch (FsmConflictException retry) {
                        // someone else wrote first: load again
                    }
                }
            }
        });

        FsmRecord last = storage().load(hot);
        long total = (long) THREADS * operations();
        assertThat(((Number) last.data().get("n")).longValue()).isEqualTo(total);
        assertThat(last.version()).isEqualTo(total);
    }

    @Test
    default void leaseLockIsNeverHeldByTwo() throws Exception {
        StorageKey hot = key(1);
        int acquisitions = Math.max(1, operations() / 10);
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        int[] unguarded = {0};
        runConcurrently(t -> {
            for (int i = 0; i < acquisitions; i++) {
                Lease lease = Lease.random(Duration.ofMinutes(5));
                while (!storage().lockAndLoad(hot, lease, List.of()).acquired()) {
                    Thread.yield();
                }
                maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                unguarded[0]++;
                holders.decrementAndGet();
                assertThat(storage().unlock(hot, lease)).isTrue();
            }
        });

        assertThat(maxHolders.get()).isEqualTo(1);
        assertThat(unguarded[0]).isEqualTo(THREADS * acquisitions);
    }
}
