package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;

/**
 * Counts the commands a dedicated Redis server executed ({@code INFO commandstats} deltas) for the
 * operations the engine performs: an update with distributed isolation costs at most two round
 * trips, a read-only one two, an update that changes nothing writes nothing, and every single
 * operation is one round trip.
 */
class RedisRoundTripIT {

    /** Commands our scripts call inside Redis; everything else is a client round trip. */
    private static final Set<String> INSIDE_SCRIPTS = Set.of("hgetall", "hget", "hmget", "get", "set", "del", "hset",
            "hincrby", "hdel", "pexpire", "persist", "exists", "time", "sadd", "smembers", "srem");

    private static final Set<String> WRITES = Set.of("set", "del", "hset", "hincrby", "hdel", "pexpire", "persist");

    private static PrivateRedis server;

    private static RedisProcess redis;

    private static LettuceConnectionFactory factory;

    private static RedisFsmStorage storage;

    private final StorageKey key = StorageKey.of(1, 100, 7);

    @BeforeAll
    static void startServer() {
        server = PrivateRedis.start(Duration.ofSeconds(2));
        redis = server.redis();
        factory = server.factory();
        storage = new RedisFsmStorage(factory, new KeyRenderer("rt:"), StorageConfig.ofDefaults());
        warmUp();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Connects and loads every script once, so that measured calls never hit NOSCRIPT. */
    private static void warmUp() {
        StorageKey warm = StorageKey.of(9, 9, 9);
        Lease lease = Lease.random(Duration.ofSeconds(5));
        storage.lockAndLoad(warm, lease, List.of(warm));
        storage.renewLock(warm, lease);
        storage.save(WriteBatch.releasing(List.of(RecordWrite.put(warm, FsmRecord.of("s", Map.of()), 0, null)),
                warm, lease));
        storage.unlock(warm, lease);
        storage.updateData(warm, Map.of("a", 1));
        storage.load(warm);
        storage.increment("warm", 1, null);
        storage.health();
    }

    @Test
    void typicalUpdateWithLockIsTwoRoundTrips() {
        storage.setData(key, Map.of("step", 1));
        Map<String, Long> before = stats();
        Lease lease = Lease.random(Duration.ofSeconds(30));
        LockAttempt attempt = storage.lockAndLoad(key, lease, List.of(key));
        FsmRecord record = attempt.records().get(key);
        FsmRecord next = record.withData(Map.of("step", 2, "name", "Ann")).withState("Form:AGE");
        storage.save(WriteBatch.releasing(List.of(RecordWrite.put(key, next, record.version(), null).withBase(record)),
                key, lease));
        Map<String, Long> delta = delta(before, stats());

        assertThat(attempt.acquired()).isTrue();
        assertThat(delta).as("the commit reads the version, not the whole hash").containsEntry("hgetall", 1L);
        assertThat(roundTrips(delta)).isEqualTo(2);
        assertThat(clientCommands(delta)).containsOnlyKeys("evalsha");
        assertThat(storage.load(key).state()).isEqualTo("Form:AGE");
    }

    @Test
    void updateWithTtlMovesTheHistorysExpiryInsideItsCommitStillTwoRoundTrips() {
        StorageKey main = StorageKey.of(1, 300, 7);
        StorageKey history = main.withDestiny("scenes_history");
        storage.save(WriteBatch.of(RecordWrite.put(main, FsmRecord.of("A", Map.of()), 0, Duration.ofSeconds(10)),
                RecordWrite.put(history, FsmRecord.of(null, Map.of("stack", List.of("A"))), 0,
                        Duration.ofSeconds(10))));
        Map<String, Long> before = stats();
        Lease lease = Lease.random(Duration.ofSeconds(30));
        FsmRecord record = storage.lockAndLoad(main, lease, List.of(main)).records().get(main);
        storage.save(WriteBatch.releasing(List.of(RecordWrite.put(main, record.withState("B"), record.version(),
                Duration.ofMinutes(10)).withBase(record)), main, lease));
        Map<String, Long> delta = delta(before, stats());

        assertThat(roundTrips(delta)).isEqualTo(2);
        assertThat(clientCommands(delta)).containsOnlyKeys("evalsha");
        try (RedisConnection connection = factory.getConnection()) {
            Long historyTtl = connection.keyCommands()
                    .pTtl(new KeyRenderer("rt:").render(history).getBytes(StandardCharsets.UTF_8));
            assertThat(historyTtl).as("PTTL of the history, written with 10 s")
                    .isGreaterThan(Duration.ofMinutes(9).toMillis());
        }
    }

    @Test
    void readOnlyUpdateIsTwoRoundTripsAndWritesOnlyTheLock() {
        storage.setData(key, Map.of("step", 1));
        Map<String, Long> before = stats();
        Lease lease = Lease.random(Duration.ofSeconds(30));
        storage.lockAndLoad(key, lease, List.of(key));
        storage.unlock(key, lease);
        Map<String, Long> delta = delta(before, stats());

        assertThat(roundTrips(delta)).isEqualTo(2);
        assertThat(writes(delta)).containsOnly(Map.entry("set", 1L), Map.entry("del", 1L));
    }

    @Test
    void updateThatChangesNothingWritesNothingButTheLock() {
        storage.setData(key, Map.of("step", 1));
        Map<String, Long> before = stats();
        Lease lease = Lease.random(Duration.ofSeconds(30));
        storage.lockAndLoad(key, lease, List.of(key));
        storage.save(WriteBatch.releasing(List.of(), key, lease));
        Map<String, Long> delta = delta(before, stats());

        assertThat(roundTrips(delta)).isEqualTo(2);
        assertThat(writes(delta)).containsOnly(Map.entry("set", 1L), Map.entry("del", 1L));
    }

    @Test
    void everySingleOperationIsOneRoundTrip() {
        Lease lease = Lease.random(Duration.ofSeconds(30));
        List<Runnable> operations = List.of(
                () -> storage.setState(key, "A"),
                () -> storage.getState(key),
                () -> storage.setData(key, Map.of("x", 1)),
                () -> storage.updateData(key, Map.of("y", 2)),
                () -> storage.getData(key),
                () -> storage.getValue(key, "x"),
                () -> storage.load(key),
                () -> storage.loadAll(List.of(key, key.withDestiny("other"))),
                () -> storage.compareAndSet(key, "A", "B", null),
                () -> storage.save(WriteBatch.of(RecordWrite.put(key, FsmRecord.of("C", Map.of()),
                        storage.load(key).version(), null))),
                () -> storage.lockAndLoad(key, lease, List.of()),
                () -> storage.renewLock(key, lease),
                () -> storage.unlock(key, lease),
                () -> storage.increment("hits", 1, Duration.ofMinutes(1)),
                () -> storage.delete(key),
                () -> storage.health());
        for (int i = 0; i < operations.size(); i++) {
            Map<String, Long> before = stats();
            operations.get(i).run();
            Map<String, Long> delta = delta(before, stats());
            int expected = i == 9 ? 2 : 1; // the save needs a load for its expected version
            assertThat(roundTrips(delta)).as("operation #%d: %s", i, delta).isEqualTo(expected);
        }
    }

    private static long roundTrips(Map<String, Long> delta) {
        return clientCommands(delta).values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> clientCommands(Map<String, Long> delta) {
        Map<String, Long> out = new HashMap<>(delta);
        out.keySet().removeAll(INSIDE_SCRIPTS);
        return out;
    }

    private static Map<String, Long> writes(Map<String, Long> delta) {
        Map<String, Long> out = new HashMap<>(delta);
        out.keySet().retainAll(WRITES);
        return out;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        return CommandStats.delta(before, after);
    }

    private static Map<String, Long> stats() {
        return CommandStats.of(redis);
    }
}
