package dev.tgfsm.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.StorageKey;

/**
 * Hammers one conversation's lease lock from several storage instances at once (each typically with
 * its own, deliberately wrong, clock) and counts what a correct lock must make impossible: two
 * holders inside the guarded section at once, lost increments of an unguarded counter, and version
 * conflicts on the record written under the lock. For the integration tests of the backends.
 */
public final class LockExclusion {

    /**
     * What happened.
     *
     * @param entries how many times a thread entered the guarded section
     * @param unguardedCount the final value of a counter incremented without atomicity inside it
     * @param storedCount the counter stored in the record, incremented under the lock
     * @param overlaps how many entries found another holder already inside
     * @param conflicts how many commits were refused by the version check
     * @param timeouts how many acquisitions gave up
     * @param elapsed how long the run took
     */
    public record Outcome(int entries, int unguardedCount, long storedCount, int overlaps, int conflicts, int timeouts,
            Duration elapsed) {
    }

    private LockExclusion() {
    }

    /**
     * Runs the threads to completion.
     *
     * @param instances the storage instances sharing the store; the first one reads the result
     * @param key the conversation
     * @param lease the lease of every acquisition
     * @param threadsPerInstance threads per instance
     * @param rounds entries per thread
     * @return the counts
     * @throws Exception if a thread failed unexpectedly
     */
    public static Outcome run(List<FsmStorage> instances, StorageKey key, Duration lease, int threadsPerInstance,
            int rounds) throws Exception {
        Objects.requireNonNull(key, "key must not be null");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger entries = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        AtomicInteger timeouts = new AtomicInteger();
        int[] unguarded = new int[1];
        int threads = instances.size() * threadsPerInstance;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try (LeaseKeeper keeper = new LeaseKeeper()) {
            List<Future<?>> futures = new ArrayList<>();
            for (FsmStorage instance : instances) {
                for (int t = 0; t < threadsPerInstance; t++) {
                    futures.add(pool.submit(() -> {
                        for (int r = 0; r < rounds; r++) {
                            LeaseKeeper.Held held;
                            try {
                                held = keeper.acquire(instance, key, lease, Duration.ofSeconds(60), List.of(key));
                            }
                            catch (LockTimeoutException ex) {
                                timeouts.incrementAndGet();
                                continue;
                            }
                            entries.incrementAndGet();
                            if (inside.incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            // the read and the write are separate steps, as in a handler: only the lock
                            // keeps them together
                            int read;
                            synchronized (unguarded) {
                                read = unguarded[0];
                            }
                            Thread.yield();
                            synchronized (unguarded) {
                                unguarded[0] = read + 1;
                            }
                            FsmRecord record = held.records().get(key);
                            long n = record.exists() ? ((Number) record.data().get("n")).longValue() : 0;
                            inside.decrementAndGet();
                            try {
                                held.release(instance, List.of(RecordWrite.put(key,
                                        FsmRecord.of("S", Map.of("n", n + 1)), record.version(), null)));
                            }
                            catch (FsmConflictException ex) {
                                conflicts.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> future : futures) {
                future.get(10, TimeUnit.MINUTES);
            }
        }
        finally {
            pool.shutdownNow();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        FsmRecord last = instances.get(0).load(key);
        long stored = last.exists() ? ((Number) last.data().get("n")).longValue() : 0;
        int counted;
        synchronized (unguarded) {
            counted = unguarded[0];
        }
        return new Outcome(entries.get(), counted, stored, overlaps.get(), conflicts.get(), timeouts.get(), elapsed);
    }
}
