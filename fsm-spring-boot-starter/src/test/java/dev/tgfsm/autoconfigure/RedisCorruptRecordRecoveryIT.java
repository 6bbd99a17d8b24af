package dev.tgfsm.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * Corrupt records in Redis (the shared server, a prefix of its own): invalid JSON in a data field,
 * a version that is no number, a hash without a version, and a key of another type.
 */
@RequiresServers(TestServer.REDIS)
class RedisCorruptRecordRecoveryIT extends CorruptRecordRecoveryContract {

    private final String prefix = "cr-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    @Override
    protected ApplicationContextRunner backend() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
                .withPropertyValues("spring.data.redis.host=" + TestServer.REDIS.host(),
                        "spring.data.redis.port=" + TestServer.REDIS.port(), "tgfsm.redis.prefix=" + prefix);
    }

    @Override
    protected List<String> otherKinds() {
        return List.of("text-version", "missing-version", "wrong-type", "meta-not-object");
    }

    @Override
    protected void plant(ApplicationContext context, StorageKey key, String kind) {
        byte[] rendered = bytes(context.getBean(KeyRenderer.class).render(key));
        try (RedisConnection connection = context.getBean(RedisConnectionFactory.class).getConnection()) {
            connection.keyCommands().del(rendered);
            switch (kind) {
                case "invalid-json" -> connection.hashCommands().hMSet(rendered, Map.of(bytes("v"), bytes("3"),
                        bytes("s"), bytes("started"), bytes("d:name"), bytes("{oops")));
                case "huge-invalid-json" -> connection.hashCommands().hMSet(rendered, Map.of(bytes("v"), bytes("3"),
                        bytes("d:name"), bytes("{\"a\": \"" + "x".repeat(20_000) + "\", oops")));
                case "text-version" -> connection.hashCommands().hMSet(rendered, Map.of(bytes("v"), bytes("abc"),
                        bytes("s"), bytes("started")));
                case "missing-version" -> connection.hashCommands().hMSet(rendered, Map.of(bytes("s"), bytes("started"),
                        bytes("d:name"), bytes("\"Ann\"")));
                case "wrong-type" -> connection.stringCommands().set(rendered, bytes("{\"a\":1}"));
                case "meta-not-object" -> connection.hashCommands().hMSet(rendered, Map.of(bytes("v"), bytes("1"),
                        bytes("m"), bytes("[1,2]")));
                default -> throw new IllegalArgumentException(kind);
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
