package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.ThrottleResult;
import dev.tgfsm.storage.ThrottleStorage;
import dev.tgfsm.storage.Throttling;
import dev.tgfsm.storage.WriteBatch;
import dev.tgfsm.testing.MutableClock;

/**
 * A rate-limit step riding in an unlocked load ({@link JdbcFsmStorage#throttleAndLoad}), computed
 * by the database where it can ({@link JdbcGcra}) and in Java elsewhere: it decides exactly as
 * {@link Throttling#step} (arrival times, refusals, an expired bucket, a bucket of another form),
 * and two instances stepping one bucket at once admit exactly its capacity, each permit booked once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcThrottledLoadContract {

    private static final Duration INCREMENT = Duration.ofMillis(10);

    private static final Duration CAPACITY = Duration.ofMillis(35);

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
    void closePools() {
        pools.forEach(this::closeDataSource);
    }

    private DataSource pool() {
        DataSource pool = createDataSource();
        pools.add(pool);
        return pool;
    }

    @Test
    void stepsDecideAsTheJavaStepWhateverTheGapsBetweenThem() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00.000123Z"));
        JdbcFsmStorage storage = new JdbcFsmStorage(pool(), prefix, null, StorageConfig.ofDefaults().withClock(clock));
        StorageKey key = StorageKey.of(1, 900, 9);
        StorageKey bucket = key.withDestiny("rate");
        storage.save(WriteBatch.of(RecordWrite.put(key, FsmRecord.EMPTY.withState("A"), 0, null)));
        FsmRecord model = FsmRecord.EMPTY;
        Instant modelExpiry = Instant.MIN;
        // bursts, waits shorter and longer than an increment, and gaps after which the bucket's row expired
        long[] gapsMicros = {0, 0, 0, 0, 0, 3_000, 10_000, 1, 25_000, 0, 0, 34_999, 35_000, 35_001, 0, 0, 0,
                100_000, 0, 9_999, 0, 0, 0, 0};
        int admitted = 0;
        for (long gap : gapsMicros) {
            Instant now = clock.advance(Duration.ofNanos(gap * 1_000));
            ThrottleRequest request = new ThrottleRequest(bucket, now, INCREMENT, CAPACITY);
            Throttling.Step expected = Throttling.step(modelExpiry.isAfter(now) ? model : FsmRecord.EMPTY, request);

            LockAttempt attempt = storage.throttleAndLoad(List.of(key), request);

            assertThat(attempt.throttle()).as("step after %d us", gap).isEqualTo(expected.result());
            assertThat(attempt.acquired()).isEqualTo(expected.result().admitted());
            if (expected.result().admitted()) {
                admitted++;
                assertThat(attempt.records().get(key).state()).isEqualTo("A");
                model = expected.record();
                modelExpiry = Instant.ofEpochMilli(clock.millis()).plus(CAPACITY);
            }
        }
        assertThat(admitted).isBetween(5, gapsMicros.length - 5);
        assertThat(storage.load(bucket).meta()).isEqualTo(model.meta());
    }

    @Test
    void aBucketOfAnotherFormIsSteppedAsInJavaKeepingItsOtherMetadata() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        JdbcFsmStorage storage = new JdbcFsmStorage(pool(), prefix, null, StorageConfig.ofDefaults().withClock(clock));
        StorageKey bucket = StorageKey.of(1, 901, 9).withDestiny("rate");
        long tat = Throttling.micros(clock.instant()) + 20_000;
        FsmRecord stored = FsmRecord.EMPTY.withMeta(Map.of(ThrottleStorage.THROTTLE_META, tat, "note", "kept"));
        storage.save(WriteBatch.of(RecordWrite.put(bucket, stored, 0, Duration.ofMinutes(1))));
        ThrottleRequest request = new ThrottleRequest(bucket, clock.instant(), INCREMENT, CAPACITY);

        LockAttempt first = storage.throttleAndLoad(List.of(), request);
        LockAttempt second = storage.throttleAndLoad(List.of(), request);

        assertThat(first.throttle()).isEqualTo(new ThrottleResult(true, Throttling.instant(tat + 10_000)));
        assertThat(second.throttle()).isEqualTo(new ThrottleResult(false, Throttling.instant(tat + 10_000)));
        assertThat(storage.load(bucket).meta()).containsEntry("note", "kept")
                .containsEntry(ThrottleStorage.THROTTLE_META, tat + 10_000);
    }

    @Test
    void twoInstancesSteppingOneBucketAtOnceAdmitExactlyItsCapacity() throws Exception {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        // the rows' times by the same stopped clock: the bucket's row never expires during the test
        StorageConfig stopped = StorageConfig.ofDefaults().withClock(MutableClock.at(now));
        List<FsmStorage> instances = List.of(new JdbcFsmStorage(pool(), prefix, null, stopped),
                new JdbcFsmStorage(pool(), prefix, null, stopped));
        StorageKey key = StorageKey.of(1, 902, 9);
        StorageKey bucket = key.withDestiny("rate");
        // one permit per ms, 40 ms of capacity, the same now for every call: exactly 40 of 240 are admitted
        ThrottleRequest request = new ThrottleRequest(bucket, now, Duration.ofMillis(1), Duration.ofMillis(40));
        Set<Instant> admitted = ConcurrentHashMap.newKeySet();
        List<Instant> refused = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            ThrottleStorage storage = (ThrottleStorage) instances.get(t % 2);
            done.add(threads.submit(() -> {
                for (int i = 0; i < 60; i++) {
                    ThrottleResult result = storage.throttleAndLoad(List.of(key), request).throttle();
                    (result.admitted() ? admitted : refused).add(result.theoreticalArrival());
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        List<Instant> expected = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            expected.add(now.plusMillis(i));
        }
        assertThat(admitted).as("each permit booked once").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(refused).hasSize(200).containsOnly(now.plusMillis(40));
        assertThat(instances.get(0).load(bucket).meta().get(ThrottleStorage.THROTTLE_META))
                .isEqualTo(Throttling.micros(now) + 40_000L);
    }
}
