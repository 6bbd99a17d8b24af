package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;
import dev.tgfsm.testing.MutableClock;

/**
 * The commit script is passed the key of every record it touches, on a private redis-server: a
 * conversation's destiny that shares its lifetime but was written by another instance is unknown to
 * this one, so the script names it before writing anything, and the commit goes again with its key
 * (one more script call, once); the destiny then gets the new expiry as before.
 */
class RedisLifetimeKeysIT {

    private static final Duration TTL = Duration.ofHours(1);

    private static PrivateRedis server;

    private static RedisProcess redis;

    private static LettuceConnectionFactory factory;

    private static RedisConnection raw;

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    private final KeyRenderer renderer = new KeyRenderer("life:");

    private final StorageKey key = StorageKey.of(1, 10, 10);

    private final StorageKey history = key.withDestiny("scenes_history");

    private RedisFsmStorage first;

    private RedisFsmStorage second;

    @BeforeAll
    static void startServer() {
        server = PrivateRedis.start(Duration.ofSeconds(5));
        redis = server.redis();
        factory = server.factory();
        raw = factory.getConnection();
    }

    @AfterAll
    static void stopServer() {
        try {
            if (raw != null) {
                raw.close();
            }
        }
        finally {
            server.close();
        }
    }

    @BeforeEach
    void twoInstances() {
        raw.serverCommands().flushAll();
        StorageConfig settings = new StorageConfig(clock, new JacksonFsmCodec(), null, 65_536);
        first = new RedisFsmStorage(factory, renderer, settings);
        second = new RedisFsmStorage(factory, renderer, settings);
    }

    private void write(RedisFsmStorage storage, StorageKey at, String state) {
        FsmRecord loaded = storage.load(at);
        storage.save(WriteBatch.of(RecordWrite.put(at, loaded.withState(state), loaded.version(), TTL)));
    }

    private long expiryOf(StorageKey at) {
        byte[] x = raw.hashCommands().hGet(renderer.render(at).getBytes(StandardCharsets.UTF_8),
                "x".getBytes(StandardCharsets.UTF_8));
        return Long.parseLong(new String(x, StandardCharsets.UTF_8));
    }

    @Test
    void aDestinyWrittenByAnotherInstanceIsPassedAfterOneMoreCallAndSharesTheNewExpiry() {
        write(first, key, "Form:NAME");
        write(second, history, "history");
        clock.advance(Duration.ofMinutes(30));

        Map<String, Long> before = CommandStats.of(redis);
        write(first, key, "Form:AGE");
        Map<String, Long> firstCommit = CommandStats.delta(before, CommandStats.of(redis));

        long expected = clock.millis() + TTL.toMillis();
        assertThat(expiryOf(history)).as("the other instance's destiny slid with the commit").isEqualTo(expected);
        assertThat(first.load(key).state()).isEqualTo("Form:AGE");
        assertThat(firstCommit.get("evalsha")).as("load, the commit that named the destiny, the commit")
                .isEqualTo(3L);

        clock.advance(Duration.ofMinutes(10));
        before = CommandStats.of(redis);
        write(first, key, "Form:CITY");
        Map<String, Long> secondCommit = CommandStats.delta(before, CommandStats.of(redis));

        assertThat(expiryOf(history)).isEqualTo(clock.millis() + TTL.toMillis());
        assertThat(secondCommit.get("evalsha")).as("load and commit: the destiny's key is known now").isEqualTo(2L);
    }

    @Test
    void destiniesThisInstanceWroteArePassedWithoutAnotherCall() {
        write(first, key, "Form:NAME");
        write(first, history, "history");
        clock.advance(Duration.ofMinutes(30));

        Map<String, Long> before = CommandStats.of(redis);
        write(first, key, "Form:AGE");
        Map<String, Long> delta = CommandStats.delta(before, CommandStats.of(redis));

        assertThat(expiryOf(history)).isEqualTo(clock.millis() + TTL.toMillis());
        assertThat(delta.get("evalsha")).isEqualTo(2L);
    }

    /**
     * The commits of a conversation whose other members need not move (their last move is less than
     * a step, a 100th of the TTL, before the new expiry) are passed no member's key; the commit that
     * moves them is.
     */
    @Test
    void membersKeysArePassedOnlyToTheCommitThatMovesThem() {
        write(first, key, "Form:NAME");
        write(first, history, "history");
        clock.advance(Duration.ofMinutes(30));
        write(first, key, "Form:AGE"); // moves the history along: its 'l' is now known
        long moved = expiryOf(history);
        assertThat(moved).isEqualTo(clock.millis() + TTL.toMillis());

        List<Long> quiet = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(5));
            quiet.addAll(commitKeyCounts(() -> write(first, key, "Form:CITY")));
        }
        assertThat(quiet).as("lock, record, lifetime set: no other member's key").containsOnly(3L).hasSize(5);
        assertThat(expiryOf(history)).as("not moved within a step").isEqualTo(moved);

        clock.advance(Duration.ofMinutes(1));
        List<Long> moving = commitKeyCounts(() -> write(first, key, "Form:ZIP"));
        assertThat(moving).as("lock, record, the history's key, lifetime set").containsExactly(4L);
        assertThat(expiryOf(history)).isEqualTo(clock.millis() + TTL.toMillis());
    }

    /** The number of keys each commit script call passed during the work, from the slow log. */
    private List<Long> commitKeyCounts(Runnable work) {
        redis.cli("CONFIG", "SET", "slowlog-log-slower-than", "0");
        RedisClient client = RedisClient.create(server.resources(), RedisURI.create("127.0.0.1", redis.port()));
        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            admin.sync().slowlogReset();
            work.run();
            List<Long> counts = new ArrayList<>();
            List<Object> entries = admin.sync().slowlogGet(-1);
            for (Object entry : entries) {
                List<?> args = (List<?>) ((List<?>) entry).get(3);
                if ("evalsha".equalsIgnoreCase(String.valueOf(args.get(0)))
                        && RedisScript.COMMIT.sha().equals(String.valueOf(args.get(1)))) {
                    counts.add(Long.parseLong(String.valueOf(args.get(2))));
                }
            }
            return counts;
        }
        finally {
            redis.cli("CONFIG", "SET", "slowlog-log-slower-than", "10000");
            client.shutdown();
        }
    }
}
