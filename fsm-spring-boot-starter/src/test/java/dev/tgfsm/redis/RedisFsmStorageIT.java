package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.FsmStorageContractTests;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockTurnContract;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;

/**
 * The storage contract on the shared standalone Redis, every storage under a random key prefix, plus
 * the proof that every operation leaves a corrupt hash byte-for-byte as it was.
 */
@RequiresServers(TestServer.REDIS)
class RedisFsmStorageIT extends FsmStorageContractTests implements LockTurnContract {

    private static ClientResources resources;

    private static LettuceConnectionFactory factory;

    private KeyRenderer lastRenderer;

    @BeforeAll
    static void connect() {
        URI uri = URI.create(TestServer.REDIS.url());
        resources = LettuceResilience.clientResources();
        factory = LettuceResilience.standalone(uri.getHost(), uri.getPort(), resources, Duration.ofSeconds(5));
    }

    @AfterAll
    static void disconnect() {
        if (factory != null) {
            factory.destroy();
        }
        if (resources != null) {
            resources.shutdown();
        }
    }

    static String randomPrefix() {
        byte[] bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "t" + HexFormat.of().formatHex(bytes) + ":";
    }

    /** Redis judges leases by its own clock ({@code TIME} in the lock scripts). */
    @Override
    protected boolean leasesJudgedByStoreClock() {
        return true;
    }

    @Override
    protected FsmStorage createStorage(StorageConfig settings) {
        lastRenderer = new KeyRenderer(randomPrefix());
        return new RedisFsmStorage(factory, lastRenderer, settings);
    }

    @Override
    protected FsmStorage createStorageInOtherNamespace(StorageConfig settings) {
        return new RedisFsmStorage(factory, new KeyRenderer(randomPrefix()), settings);
    }

    @Override
    protected int operationsPerThread() {
        return 500;
    }

    @Override
    protected boolean writeCorruptRecord(StorageKey key, String kind) {
        return writeCorrupt(factory, lastRenderer.render(key), kind);
    }

    /** Writes a corrupt record of the given kind at a rendered key, straight into Redis. */
    static boolean writeCorrupt(LettuceConnectionFactory factory, String rendered, String kind) {
        byte[] key = bytes(rendered);
        try (RedisConnection connection = factory.getConnection()) {
            connection.keyCommands().del(key);
            switch (kind) {
                case "invalid-json" -> connection.hashCommands().hMSet(key, Map.of(bytes("v"), bytes("3"),
                        bytes("u"), bytes("1"), bytes("d:name"), bytes("{not json")));
                case "missing-field" -> connection.hashCommands().hMSet(key, Map.of(bytes("s"), bytes("A"),
                        bytes("d:name"), bytes("\"Ann\"")));
                case "wrong-type" -> connection.stringCommands().set(key, bytes("{\"a\":1}"));
                case "meta-not-object" -> connection.hashCommands().hMSet(key, Map.of(bytes("v"), bytes("1"),
                        bytes("m"), bytes("[1,2]")));
                default -> {
                    return false;
                }
            }
            return true;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"invalid-json", "missing-field", "wrong-type", "meta-not-object"})
    void corruptHashIsLeftByteForByteAsItWasByEveryOperation(String kind) {
        StorageKey key = StorageKey.of(5, 6, 7);
        assumeTrue(writeCorruptRecord(key, kind));
        byte[] rendered = bytes(lastRenderer.render(key));
        byte[] before;
        try (RedisConnection connection = factory.getConnection()) {
            before = connection.keyCommands().dump(rendered);
        }
        Lease lease = Lease.random(Duration.ofSeconds(10));
        List<Runnable> operations = List.of(() -> storage().load(key), () -> storage().getData(key),
                () -> storage().updateData(key, Map.of("name", "Bob")), () -> storage().setState(key, "B"),
                () -> storage().setData(key, Map.of()), () -> storage().compareAndSet(key, null, "C", null),
                () -> storage().delete(key),
                () -> storage().save(WriteBatch.of(RecordWrite.put(key, FsmRecord.of("D", Map.of()), 3, null))),
                () -> storage().lockAndLoad(key, lease, List.of(key)));
        for (Runnable operation : operations) {
            assertThatThrownBy(operation::run).isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining(lastRenderer.render(key));
        }
        try (RedisConnection connection = factory.getConnection()) {
            assertThat(connection.keyCommands().dump(rendered)).isEqualTo(before);
        }
    }
}
