package dev.tgfsm.redis;

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
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;

/**
 * Two storages with separate connection factories (two bot instances), eight threads each, on the
 * same keys of the shared Redis: counts are exact, merges are never lost, and the lease lock is
 * never held by two.
 */
@RequiresServers(TestServer.REDIS)
class RedisTwoInstancesIT {

    private static final int THREADS_PER_INSTANCE = 8;

    private static final int OPERATIONS = 300;

    private RedisInstances redis;

    private List<RedisFsmStorage> storages;

    @BeforeEach
    void connect() {
        redis = RedisInstances.open(2, StorageConfig.ofDefaults());
        storages = redis.storages();
    }

    @AfterEach
    void disconnect() {
        redis.close();
    }

    interface Work {
        void run(RedisFsmStorage storage, int thread) throws Exception;
    }

    private void onBothInstances(Work work) throws Exception {
        int threads = THREADS_PER_INSTANCE * 2;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            RedisFsmStorage storage = storages.get(t % 2);
            int thread = t;
            results.add(pool.submit(() -> {
                start.await();
                work.run(storage, thread);
                return null;
            }));
        }
        start.countDown();
        try {
            for (Future<?> result : results) {
                result.get(120, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void incrementsFromBothInstancesAreCountedExactly() throws Exception {
        onBothInstances((storage, thread) -> {
            for (int i = 0; i < OPERATIONS; i++) {
                storage.increment("{7:7:7}:hits", 1, Duration.ofHours(1));
            }
        });

        assertThat(storages.get(1).increment("{7:7:7}:hits", 0, null))
                .isEqualTo(2L * THREADS_PER_INSTANCE * OPERATIONS);
    }

    @Test
    void mergesFromBothInstancesAreNeverLost() throws Exception {
        StorageKey key = StorageKey.of(7, 8, 9);
        // every merge answers the whole (growing) record, so the cost is quadratic: fewer rounds than the counters
        int merges = OPERATIONS / 3;
        onBothInstances((storage, thread) -> {
            for (int i = 0; i < merges; i++) {
                storage.updateData(key, Map.of("t" + thread + "-" + i, i));
            }
        });

        FsmRecord record = storages.get(0).load(key);
        assertThat(record.data()).hasSize(2 * THREADS_PER_INSTANCE * merges);
        assertThat(record.version()).isEqualTo(2L * THREADS_PER_INSTANCE * merges);
    }

    @Test
    void leaseLockIsNeverHeldByTwoAndLockedUpdatesAreExact() throws Exception {
        StorageKey key = StorageKey.of(7, 1, 1);
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        int rounds = 50;
        onBothInstances((storage, thread) -> {
            for (int i = 0; i < rounds; i++) {
                Lease lease = Lease.random(Duration.ofSeconds(30));
                LockAttempt attempt;
                while (!(attempt = storage.lockAndLoad(key, lease, List.of(key))).acquired()) {
                    LockSupport.parkNanos(200_000); // back off a little instead of hammering Redis
                }
                int now = holders.incrementAndGet();
                maxHolders.accumulateAndGet(now, Math::max);
                FsmRecord current = attempt.records().get(key);
                int count = current.exists() ? ((Number) current.data().get("count")).intValue() : 0;
                FsmRecord next = current.withData(Map.of("count", count + 1));
                holders.decrementAndGet();
                storage.save(WriteBatch.releasing(List.of(RecordWrite.put(key, next, current.version(), null)),
                        key, lease));
            }
        });

        assertThat(maxHolders.get()).isEqualTo(1);
        FsmRecord record = storages.get(1).load(key);
        assertThat(record.data().get("count")).isEqualTo(2 * THREADS_PER_INSTANCE * rounds);
        assertThat(record.version()).isEqualTo(2L * THREADS_PER_INSTANCE * rounds);
    }
}
