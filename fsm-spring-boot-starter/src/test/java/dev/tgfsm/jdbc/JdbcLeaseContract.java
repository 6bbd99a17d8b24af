package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.LockExclusion;
import dev.tgfsm.storage.RecordTooLargeException;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.ThrottleStorage;
import dev.tgfsm.storage.Throttling;
import dev.tgfsm.storage.WriteBatch;

/**
 * Lease locks of a shared SQL database with two storage instances, each with its own pool: instances
 * whose clocks disagree never hold one conversation at once (the database's clock judges the
 * lease), rate-limited updates whose check rides in the lock request count every permit and every
 * update once, and a commit refused before it reaches the database leaves the lock free at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcLeaseContract {

    private static final Logger log = LoggerFactory.getLogger(JdbcLeaseContract.class);

    private static final Duration LEASE = Duration.ofSeconds(2);

    private final String prefix = TestDataSources.uniquePrefix();

    private final List<DataSource> pools = new ArrayList<>();

    /**
     * Creates one instance's connection pool.
     */
    protected abstract DataSource createDataSource();

    /**
     * Closes a pool.
     */
    protected abstract void closeDataSource(DataSource dataSource);

    @BeforeAll
    void createTables() {
        new JdbcSchemaInitializer(pool(), prefix, null).initialize();
    }

    @AfterAll
    void dropTables() {
        try {
            new JdbcSchemaInitializer(pools.get(0), prefix, null).drop();
        }
        finally {
            pools.forEach(this::closeDataSource);
        }
    }

    private DataSource pool() {
        DataSource pool = createDataSource();
        pools.add(pool);
        return pool;
    }

    private JdbcFsmStorage instance(StorageConfig settings) {
        return new JdbcFsmStorage(pool(), prefix, null, settings);
    }

    /** A value Jackson cannot write: its only property throws. */
    public static final class Unencodable {

        /**
         * Always fails.
         *
         * @return never
         */
        public String getValue() {
            throw new IllegalStateException("not encodable");
        }
    }

    private static StorageConfig skewed(Duration offset) {
        return StorageConfig.ofDefaults().withClock(Clock.offset(Clock.systemUTC(), offset));
    }

    @Test
    void twoInstancesWhoseClocksDifferByMoreThanTheLeaseNeverHoldTheSameKeyAtOnce() throws Exception {
        List<FsmStorage> instances = List.of(instance(skewed(Duration.ofMinutes(1))),
                instance(skewed(Duration.ofMinutes(-1))));

        LockExclusion.Outcome outcome = LockExclusion.run(instances, StorageKey.of(1, 700, 7), LEASE, 4, 50);

        log.info("{}, clocks 2 min apart, lease 2 s: {}", getClass().getSimpleName(), outcome);
        assertThat(outcome.entries()).isEqualTo(400);
        assertThat(outcome.overlaps()).isZero();
        assertThat(outcome.unguardedCount()).isEqualTo(400);
        assertThat(outcome.storedCount()).isEqualTo(400);
        assertThat(outcome.conflicts()).isZero();
        assertThat(outcome.timeouts()).isZero();
    }

    @Test
    void rateLimitedUpdatesOfTwoInstancesCountEveryPermitAndEveryUpdateOnce() throws Exception {
        List<FsmStorage> instances = List.of(instance(StorageConfig.ofDefaults()),
                instance(StorageConfig.ofDefaults()));
        StorageKey key = StorageKey.of(1, 800, 8);
        StorageKey bucket = key.withDestiny("rate");
        Instant now = Instant.ofEpochMilli(Clock.systemUTC().millis());
        // never refused (a day of capacity), so every call spends one permit of 1 ms, lock busy or not
        ThrottleRequest request = new ThrottleRequest(bucket, now, Duration.ofMillis(1), Duration.ofDays(1));
        AtomicInteger permits = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            ThrottleStorage storage = (ThrottleStorage) instances.get(t % 2);
            done.add(threads.submit(() -> {
                for (int i = 0; i < 25;) {
                    Lease lease = Lease.random(LEASE);
                    LockAttempt attempt = storage.lockAndLoad(key, lease, List.of(key), request);
                    permits.incrementAndGet();
                    if (!attempt.acquired()) {
                        LockSupport.parkNanos(200_000);
                        continue;
                    }
                    FsmRecord current = attempt.records().get(key);
                    int count = current.exists() ? ((Number) current.data().get("n")).intValue() : 0;
                    try {
                        storage.save(WriteBatch.releasing(List.of(RecordWrite.put(key,
                                current.withData(Map.of("n", count + 1)), current.version(), null)), key, lease));
                        i++;
                    }
                    catch (FsmConflictException ex) {
                        // read before the lock was taken, and another instance wrote in between
                        conflicts.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        log.info("{}, 4 threads on 2 instances, 100 rate-limited updates: {} permits, {} conflicts",
                getClass().getSimpleName(), permits.get(), conflicts.get());
        assertThat(instances.get(0).load(key).data()).containsEntry("n", 100);
        assertThat(instances.get(1).load(bucket).meta().get(ThrottleStorage.THROTTLE_META))
                .as("every permit counted once")
                .isEqualTo(Throttling.micros(now) + permits.get() * 1_000L);
        assertThat(instances.get(0).lockAndLoad(key, Lease.random(LEASE), List.of()).acquired()).isTrue();
    }

    @Test
    void commitOverTheSizeLimitLeavesTheLockFreeAtOnce() {
        StorageConfig small = new StorageConfig(Clock.systemUTC(), new JacksonFsmCodec(), null, 1024);
        JdbcFsmStorage holder = instance(small);
        JdbcFsmStorage next = instance(small);
        StorageKey key = StorageKey.of(1, 701, 7);
        next.setState(key, "A");
        try (LeaseKeeper keeper = new LeaseKeeper()) {
            FsmContexts contexts = FsmTransactions.contexts(holder, new JacksonFsmCodec(),
                    ContextConfig.ofDefaults().withLock(Duration.ofSeconds(30), Duration.ofSeconds(1)), keeper);
            try (FsmTransaction tx = FsmTransactions.begin(contexts, key)) {
                tx.context().updateData("essay", "x".repeat(4096));
                tx.context().setState("B");
                assertThatExceptionOfType(RecordTooLargeException.class).isThrownBy(tx::commit);
            }
        }

        long start = System.nanoTime();
        assertThat(next.lockAndLoad(key, Lease.random(Duration.ofSeconds(30)), List.of(key)).acquired())
                .as("another token gets the lock at once, not after the 30 s lease").isTrue();
        log.info("{}: lock free after a refused commit, the next lockAndLoad took {} ms", getClass().getSimpleName(),
                Duration.ofNanos(System.nanoTime() - start).toMillis());
        assertThat(next.getState(key)).isEqualTo("A");
        assertThat(next.getData(key)).doesNotContainKey("essay");
    }

    @Test
    void commitOfAValueTheCodecRefusesLeavesTheLockFreeAtOnce() {
        JdbcFsmStorage holder = instance(StorageConfig.ofDefaults());
        JdbcFsmStorage next = instance(StorageConfig.ofDefaults());
        StorageKey key = StorageKey.of(1, 702, 7);
        next.setState(key, "A");
        try (LeaseKeeper keeper = new LeaseKeeper()) {
            FsmContexts contexts = FsmTransactions.contexts(holder, new JacksonFsmCodec(),
                    ContextConfig.ofDefaults().withLock(Duration.ofSeconds(30), Duration.ofSeconds(1)), keeper);
            try (FsmTransaction tx = FsmTransactions.begin(contexts, key)) {
                assertThatThrownBy(() -> {
                    tx.context().updateData("thing", new Unencodable());
                    tx.context().setState("B");
                    tx.commit();
                }).as("the codec refuses a value whose getter throws").isInstanceOf(IllegalArgumentException.class);
            }
        }

        assertThat(next.lockAndLoad(key, Lease.random(Duration.ofSeconds(30)), List.of(key)).acquired())
                .as("another token gets the lock at once").isTrue();
        assertThat(next.getState(key)).isEqualTo("A");
    }
}
