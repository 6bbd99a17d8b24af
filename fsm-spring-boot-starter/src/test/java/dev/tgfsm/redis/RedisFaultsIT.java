package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.WriteBatch;
import dev.tgfsm.testing.MutableClock;

/**
 * Faults on a Redis server the test started: the server dies mid-run and comes back on the same
 * port, and a lock holder dies without unlocking.
 */
class RedisFaultsIT {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private RedisProcess redis;

    private ClientResources resources;

    private LettuceConnectionFactory factory;

    @BeforeEach
    void startServer() {
        redis = RedisProcess.startDurable();
        resources = LettuceResilience.clientResources();
        factory = LettuceResilience.standalone("127.0.0.1", redis.port(), resources, TIMEOUT);
    }

    @AfterEach
    void stopServer() {
        try {
            factory.destroy();
            resources.shutdown();
        }
        finally {
            redis.close();
        }
    }

    private RedisFsmStorage storage(StorageConfig settings) {
        return new RedisFsmStorage(factory, new KeyRenderer("f:"), settings, TIMEOUT);
    }

    @Test
    void serverDeathMidRunFailsFastThenRecoversWithNoTornRecord() throws Exception {
        RedisFsmStorage storage = storage(StorageConfig.ofDefaults());
        int keys = 8;
        ExecutorService pool = Executors.newFixedThreadPool(keys);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger unavailable = new AtomicInteger();
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < keys; t++) {
            StorageKey key = StorageKey.of(1, t, t);
            writers.add(pool.submit(() -> {
                while (running.get()) {
                    try {
                        FsmRecord current = storage.load(key);
                        long n = current.exists() ? ((Number) current.data().get("a")).longValue() + 1 : 1;
                        storage.save(WriteBatch.of(RecordWrite.put(key,
                                FsmRecord.of("S" + n, Map.of("a", n, "b", n, "c", "x".repeat(100))),
                                current.version(), null)));
                    }
                    catch (StorageUnavailableException ex) {
                        unavailable.incrementAndGet();
                    }
                    catch (FsmConflictException ex) {
                        // a write whose outcome was unknown may have landed: the version check caught it
                    }
                }
                return null;
            }));
        }
        awaitTrue(() -> storage.load(StorageKey.of(1, 0, 0)).version() > 20, Duration.ofSeconds(10));
        redis.kill();

        long start = System.nanoTime();
        assertThatThrownBy(() -> storage.load(StorageKey.of(1, 0, 0))).isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(() -> storage.updateData(StorageKey.of(1, 0, 0), Map.of("z", 1)))
                .isInstanceOf(StorageUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(4));
        assertThat(storage.health().up()).isFalse();
        awaitTrue(() -> unavailable.get() > keys, Duration.ofSeconds(5));

        redis.launch();
        awaitTrue(() -> storage.health().up(), Duration.ofSeconds(10));
        awaitTrue(() -> storage.load(StorageKey.of(1, 0, 0)).exists(), Duration.ofSeconds(10));
        long before = storage.load(StorageKey.of(1, 0, 0)).version();
        awaitTrue(() -> storage.load(StorageKey.of(1, 0, 0)).version() > before + 10, Duration.ofSeconds(10));
        running.set(false);
        for (Future<?> writer : writers) {
            writer.get(10, TimeUnit.SECONDS);
        }
        pool.shutdown();

        for (int t = 0; t < keys; t++) {
            FsmRecord record = storage.load(StorageKey.of(1, t, t));
            assertThat(record.data().get("a")).as("record %d is whole", t).isEqualTo(record.data().get("b"));
            assertThat(record.state()).isEqualTo("S" + record.data().get("a"));
            assertThat(record.version()).isGreaterThanOrEqualTo(((Number) record.data().get("a")).longValue());
        }
    }

    @Test
    void deadHoldersLeaseIsJudgedByTheServerNotByAnInstanceWhoseClockRunsAhead() {
        MutableClock clock = MutableClock.now();
        RedisFsmStorage dead = storage(StorageConfig.ofDefaults());
        RedisFsmStorage next = storage(StorageConfig.ofDefaults().withClock(clock));
        StorageKey key = StorageKey.of(2, 3, 4);

        assertThat(dead.lockAndLoad(key, Lease.random(Duration.ofSeconds(30)), List.of(key)).acquired()).isTrue();
        assertThat(next.lockAndLoad(key, Lease.random(Duration.ofSeconds(30)), List.of(key)).acquired()).isFalse();
        clock.advance(Duration.ofSeconds(31));

        assertThat(next.lockAndLoad(key, Lease.random(Duration.ofSeconds(30)), List.of(key)).acquired())
                .as("a clock 31 s ahead does not end a lease the server says runs on").isFalse();
    }

    @Test
    void deadHolderShortRealLeaseExpiresAndTheNextUpdateProceeds() {
        RedisFsmStorage dead = storage(StorageConfig.ofDefaults());
        RedisFsmStorage next = storage(StorageConfig.ofDefaults());
        StorageKey key = StorageKey.of(2, 3, 5);
        long start = System.nanoTime();

        assertThat(dead.lockAndLoad(key, Lease.random(Duration.ofMillis(200)), List.of()).acquired()).isTrue();
        assertThat(next.lockAndLoad(key, Lease.random(Duration.ofSeconds(5)), List.of()).acquired()).isFalse();
        awaitTrue(() -> next.lockAndLoad(key, Lease.random(Duration.ofSeconds(5)), List.of()).acquired(),
                Duration.ofSeconds(5));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    /** Polls a condition with a short back-off until it holds or the deadline passes. */
    static void awaitTrue(java.util.function.BooleanSupplier condition, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        long pause = 1;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            }
            catch (RuntimeException ex) {
                // not yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + atMost);
            }
            try {
                Thread.sleep(pause);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
            pause = Math.min(pause * 2, 50);
        }
    }
}
