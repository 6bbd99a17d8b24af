package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;

/**
 * Two storage instances, each with its own connection pool, on the same tables of one PostgreSQL
 * database, 8 threads each on the same keys: as two bot instances would be. Counts must be exact,
 * merges never lost, and a lease lock never held by two.
 */
@RequiresServers(TestServer.POSTGRES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresTwoInstancesIT {

    private static final int THREADS_PER_INSTANCE = 8;

    /**
     * Per thread: 8,000 contended writes on one key from the two pools (at 1,000 the class took 50 s
     * of a CI run on 2 cores).
     */
    private static final int OPERATIONS = 500;

    private final String prefix = TestDataSources.uniquePrefix();

    private final StorageKey hot = StorageKey.of(1, 400, 7);

    private HikariDataSource poolA;

    private HikariDataSource poolB;

    private List<JdbcFsmStorage> instances;

    @BeforeAll
    void createTables() {
        poolA = TestDataSources.postgres(THREADS_PER_INSTANCE);
        poolB = TestDataSources.postgres(THREADS_PER_INSTANCE);
        new JdbcSchemaInitializer(poolA, prefix, null).initialize();
        instances = List.of(new JdbcFsmStorage(poolA, prefix, null, StorageConfig.ofDefaults()),
                new JdbcFsmStorage(poolB, prefix, null, StorageConfig.ofDefaults()));
    }

    @AfterAll
    void dropTables() {
        new JdbcSchemaInitializer(poolA, prefix, null).drop();
        poolA.close();
        poolB.close();
    }

    @BeforeEach
    void clear() {
        instances.get(0).clearNamespace();
    }

    @Test
    void incrementsFromBothInstancesAreExact() throws Exception {
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        run((storage, thread) -> {
            for (int i = 0; i < OPERATIONS; i++) {
                seen.add(storage.increment("hot", 1, Duration.ofHours(1)));
            }
        });

        long total = 2L * THREADS_PER_INSTANCE * OPERATIONS;
        assertThat(instances.get(1).increment("hot", 0, null)).isEqualTo(total);
        assertThat(seen).hasSize((int) total);
    }

    @Test
    void updateDataMergesFromBothInstancesAreNeverLost() throws Exception {
        run((storage, thread) -> {
            for (int i = 0; i < OPERATIONS; i++) {
                storage.updateData(hot, Map.of("t" + thread, i + 1));
            }
        });

        Map<String, Object> data = instances.get(0).getData(hot);
        assertThat(data).hasSize(2 * THREADS_PER_INSTANCE);
        for (int t = 0; t < 2 * THREADS_PER_INSTANCE; t++) {
            assertThat(data).containsEntry("t" + t, OPERATIONS);
        }
        assertThat(instances.get(1).load(hot).version()).isEqualTo(2L * THREADS_PER_INSTANCE * OPERATIONS);
    }

    @Test
    void versionedSavesFromBothInstancesCountExactly() throws Exception {
        run((storage, thread) -> {
            for (int i = 0; i < OPERATIONS / 4; i++) {
                while (true) {
                    FsmRecord current = storage.load(hot);
                    Object n = current.data().get("n");
                    long next = n == null ? 1 : ((Number) n).longValue() + 1;
                    try {
                        storage.save(WriteBatch.of(RecordWrite.put(hot, current.withData(Map.of("n", next)),
                                current.version(), null)));
                        break;
                    }
                    catch (FsmConflictException retry) {
                        // the other instance or thread was first
                    }
                }
            }
        });

        long total = 2L * THREADS_PER_INSTANCE * (OPERATIONS / 4);
        assertThat(((Number) instances.get(1).load(hot).data().get("n")).longValue()).isEqualTo(total);
    }

    @Test
    void leaseLockIsNeverHeldByTwoInstances() throws Exception {
        int acquisitions = OPERATIONS / 10;
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        AtomicInteger guarded = new AtomicInteger();
        run((storage, thread) -> {
            for (int i = 0; i < acquisitions; i++) {
                Lease lease = Lease.random(Duration.ofMinutes(1));
                while (!storage.lockAndLoad(hot, lease, List.of(hot)).acquired()) {
                    Thread.yield();
                }
                maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                guarded.incrementAndGet();
                holders.decrementAndGet();
                storage.save(WriteBatch.releasing(List.of(), hot, lease));
            }
        });

        assertThat(maxHolders.get()).isEqualTo(1);
        assertThat(guarded.get()).isEqualTo(2 * THREADS_PER_INSTANCE * acquisitions);
    }

    @FunctionalInterface
    private interface Work {

        void run(JdbcFsmStorage storage, int thread) throws Exception;
    }

    private void run(Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_INSTANCE);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 2 * THREADS_PER_INSTANCE; t++) {
                int thread = t;
                JdbcFsmStorage storage = instances.get(t % 2);
                futures.add(pool.submit(() -> {
                    start.await();
                    work.run(storage, thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(10, TimeUnit.MINUTES);
            }
        }
        finally {
            pool.shutdownNow();
        }
    }
}
