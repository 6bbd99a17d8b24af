package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.RecordTooLargeException;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;
import dev.tgfsm.testing.MutableClock;

/**
 * The commit of a write that carries the record as loaded ({@link RecordWrite#withBase}), on a
 * private redis-server: it reads only the version, writes only the fields that changed, deletes only
 * the removed ones, and still ends with exactly the record the writer meant, with the same version
 * fence, expiry and size limit as a whole-record write.
 */
class RedisChangesOnlyCommitIT {

    private static PrivateRedis server;

    private static RedisProcess redis;

    private static LettuceConnectionFactory factory;

    private static RedisConnection raw;

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    private final KeyRenderer renderer = new KeyRenderer("chg:");

    private final StorageKey key = StorageKey.of(1, 10, 10);

    private RedisFsmStorage storage;

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
    void newStorage() {
        raw.serverCommands().flushAll();
        storage = new RedisFsmStorage(factory, renderer,
                new StorageConfig(clock, new JacksonFsmCodec(), null, 2_000));
    }

    private FsmRecord seeded() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", "Ann");
        data.put("age", 31);
        data.put("city", "Berlin");
        storage.save(WriteBatch.of(RecordWrite.put(key, FsmRecord.of("Form:NAME", data)
                .withMeta(Map.of("messages", 1)), 0, Duration.ofHours(1))));
        return storage.load(key);
    }

    private void commitOver(FsmRecord base, FsmRecord next, Duration ttl) {
        storage.save(WriteBatch.of(RecordWrite.put(key, next, base.version(), ttl).withBase(base)));
    }

    @Test
    void changedFieldsAreTheOnlyOnesWrittenAndTheRecordIsWhatTheWriterMeant() {
        FsmRecord base = seeded();
        Map<String, Long> before = CommandStats.of(redis);
        FsmRecord next = base.withState("Form:AGE").withData(Map.of("name", "Ann", "age", 32, "city", "Berlin"));
        commitOver(base, next, Duration.ofHours(1));
        Map<String, Long> delta = CommandStats.delta(before, CommandStats.of(redis));

        assertThat(delta).doesNotContainKey("hgetall").containsEntry("hmget", 1L).containsEntry("hset", 1L)
                .doesNotContainKey("hdel").doesNotContainKey("del");
        assertThat(hash()).containsEntry("s", "Form:AGE").containsEntry("d:age", "32")
                .containsEntry("d:name", "\"Ann\"")
                .containsEntry("v", "2").containsEntry("c", base.createdAt().toEpochMilli() + "");
        FsmRecord stored = storage.load(key);
        assertThat(stored.state()).isEqualTo("Form:AGE");
        assertThat(stored.data()).isEqualTo(Map.of("name", "Ann", "age", 32, "city", "Berlin"));
        assertThat(stored.meta()).isEqualTo(Map.of("messages", 1));
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.createdAt()).isEqualTo(base.createdAt());
    }

    @Test
    void removedEntriesStateAndMetadataAreDeleted() {
        FsmRecord base = seeded();
        FsmRecord next = new FsmRecord(null, Map.of("name", "Ann"), Map.of(), 0, null, null);
        commitOver(base, next, Duration.ofHours(1));

        assertThat(hash()).doesNotContainKeys("s", "m", "d:age", "d:city").containsKeys("v", "c", "u", "x", "d:name");
        FsmRecord stored = storage.load(key);
        assertThat(stored.state()).isNull();
        assertThat(stored.data()).isEqualTo(Map.of("name", "Ann"));
        assertThat(stored.meta()).isEmpty();
    }

    @Test
    void aStaleVersionIsAConflictAndWritesNothing() {
        FsmRecord base = seeded();
        storage.setState(key, "Elsewhere");
        Map<String, String> before = hash();

        assertThatThrownBy(() -> commitOver(base, base.withState("Mine"), Duration.ofHours(1)))
                .isInstanceOfSatisfying(FsmConflictException.class,
                        ex -> assertThat(ex.getMessage()).contains("2"));
        assertThat(hash()).isEqualTo(before);
    }

    @Test
    void aCreationFromAnEmptyBaseWritesTheWholeRecordAndFailsIfSomeoneCreatedItFirst() {
        FsmRecord next = FsmRecord.of("Start", Map.of("a", 1));
        storage.save(WriteBatch.of(RecordWrite.put(key, next, 0, null).withBase(FsmRecord.EMPTY)));
        FsmRecord stored = storage.load(key);
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.state()).isEqualTo("Start");
        assertThat(stored.data()).isEqualTo(Map.of("a", 1));
        assertThat(stored.createdAt()).isEqualTo(clock.instant());

        assertThatThrownBy(() -> storage.save(WriteBatch.of(RecordWrite.put(key, next, 0, null)
                .withBase(FsmRecord.EMPTY)))).isInstanceOf(FsmConflictException.class);
    }

    @Test
    void aRecordDeletedAndCreatedAgainAtTheSameVersionEndsAsTheWholeNewRecord() {
        FsmRecord base = seeded();
        // someone else deletes it and creates another record, which is at version 1 again
        storage.delete(key);
        clock.advance(Duration.ofSeconds(1));
        storage.save(WriteBatch.of(RecordWrite.put(key, FsmRecord.of("Other", Map.of("stranger", true)), 0, null)));
        assertThat(storage.load(key).version()).isEqualTo(base.version());

        commitOver(base, base.withState("Form:AGE"), Duration.ofHours(1));

        FsmRecord stored = storage.load(key);
        assertThat(stored.state()).isEqualTo("Form:AGE");
        assertThat(stored.data()).as("exactly the writer's record, as a whole-record write leaves it")
                .isEqualTo(base.data());
        assertThat(stored.meta()).isEqualTo(base.meta());
    }

    @Test
    void aRecordExpiredSinceItWasLoadedIsAConflict() {
        FsmRecord base = seeded();
        clock.advance(Duration.ofHours(2));

        assertThatThrownBy(() -> commitOver(base, base.withState("Late"), Duration.ofHours(1)))
                .isInstanceOf(FsmConflictException.class);
        assertThat(storage.load(key).exists()).isFalse();
    }

    @Test
    void droppingTheTtlMakesTheRecordPersistentAndAddingOneExpiresIt() {
        FsmRecord base = seeded();
        commitOver(base, base.withState("Kept"), null);
        assertThat(hash()).doesNotContainKey("x");
        assertThat(raw.keyCommands().pTtl(bytes(renderer.render(key)))).isEqualTo(-1L);

        FsmRecord kept = storage.load(key);
        commitOver(kept, kept.withState("Expiring"), Duration.ofMinutes(5));
        assertThat(hash()).containsEntry("x", String.valueOf(clock.millis() + 300_000));
        assertThat(raw.keyCommands().pTtl(bytes(renderer.render(key)))).isPositive();
        clock.advance(Duration.ofMinutes(6));
        assertThat(storage.load(key).exists()).isFalse();
    }

    @Test
    void theSizeLimitSeesTheWholeRecordNotOnlyTheChange() {
        FsmRecord base = seeded();
        Map<String, Object> big = new LinkedHashMap<>(base.data());
        big.put("notes", "x".repeat(1_000));
        commitOver(base, base.withData(big), Duration.ofHours(1));
        FsmRecord grown = storage.load(key);
        Map<String, Object> bigger = new LinkedHashMap<>(grown.data());
        bigger.put("more", "y".repeat(990));

        assertThatThrownBy(() -> commitOver(grown, grown.withData(bigger), Duration.ofHours(1)))
                .isInstanceOf(RecordTooLargeException.class);
        assertThat(storage.load(key).version()).isEqualTo(grown.version());
    }

    @Test
    void aReleasingCommitOfChangesFreesTheLockAndAConflictingOneToo() {
        FsmRecord base = seeded();
        Lease lease = Lease.random(Duration.ofSeconds(30));
        LockAttempt attempt = storage.lockAndLoad(key, lease, List.of(key));
        FsmRecord loaded = attempt.records().get(key);
        storage.save(WriteBatch.releasing(List.of(RecordWrite.put(key, loaded.withState("Done"), loaded.version(),
                Duration.ofHours(1)).withBase(loaded)), key, lease));
        assertThat(raw.keyCommands().exists(bytes(storage.lockKey(key)))).isFalse();

        Lease second = Lease.random(Duration.ofSeconds(30));
        storage.lockAndLoad(key, second, List.of(key));
        assertThatThrownBy(() -> storage.save(WriteBatch.releasing(List.of(RecordWrite.put(key,
                base.withState("Stale"), base.version(), null).withBase(base)), key, second)))
                .isInstanceOf(FsmConflictException.class);
        assertThat(raw.keyCommands().exists(bytes(storage.lockKey(key)))).isFalse();
        assertThat(storage.load(key).state()).isEqualTo("Done");
    }

    @Test
    void aDeleteWithItsBaseChecksOnlyTheVersion() {
        FsmRecord base = seeded();
        Map<String, Long> before = CommandStats.of(redis);
        storage.save(WriteBatch.of(RecordWrite.delete(key, base.version()).withBase(base)));
        Map<String, Long> delta = CommandStats.delta(before, CommandStats.of(redis));

        assertThat(delta).doesNotContainKey("hgetall").containsEntry("hmget", 1L);
        assertThat(storage.load(key).exists()).isFalse();
    }

    private Map<String, String> hash() {
        Map<String, String> out = new LinkedHashMap<>();
        raw.hashCommands().hGetAll(bytes(renderer.render(key))).forEach(
                (f, v) -> out.put(new String(f, StandardCharsets.UTF_8), new String(v, StandardCharsets.UTF_8)));
        return out;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
