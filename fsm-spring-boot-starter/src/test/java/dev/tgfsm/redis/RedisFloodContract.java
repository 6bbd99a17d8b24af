package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.outbound.Bucket;
import dev.tgfsm.outbound.PermitStore;
import dev.tgfsm.telegram.FloodControlContract;

/**
 * The flood-control contract on Redis ({@link RedisPermitStore}, {@code flood.lua}), plus proof that a
 * permit request is one script call on the node that holds the bot's slot.
 */
abstract class RedisFloodContract extends FloodControlContract {

    private final KeyRenderer renderer = new KeyRenderer(RedisFsmStorageIT.randomPrefix());

    private final List<LettuceConnectionFactory> factories = new ArrayList<>();

    private final List<RedisPermitStore> stores = new ArrayList<>();

    /**
     * Opens a connection factory of its own on the Redis under test.
     *
     * @return the started factory
     */
    abstract LettuceConnectionFactory openFactory();

    /**
     * Returns the server that holds a key.
     *
     * @param key the key
     * @return its server (the node owning its slot on a Cluster)
     */
    abstract RedisProcess serverOf(String key);

    @Override
    protected PermitStore openStore() {
        LettuceConnectionFactory factory = openFactory();
        factories.add(factory);
        RedisPermitStore store = new RedisPermitStore(factory, renderer);
        stores.add(store);
        return store;
    }

    @Override
    protected void closeStores() {
        stores.forEach(RedisPermitStore::close);
        factories.forEach(LettuceConnectionFactory::destroy);
    }

    @Test
    public void eachPermitRequestIsOneScriptCallOnTheBotsServer() {
        PermitStore store = openStore();
        List<Bucket> buckets = List.of(new Bucket("g", Duration.ofMillis(1), Duration.ofMillis(1)),
                new Bucket("c:-100", Duration.ofMillis(1), Duration.ofMillis(1)),
                new Bucket("m:-100", Duration.ofMillis(1), Duration.ofMillis(1)));
        store.tryAcquire(BOT, buckets, Instant.now());
        RedisProcess server = serverOf(renderer.prefix() + "#flood{" + BOT + "}:g");
        for (int i = 0; i < 3; i++) {
            Map<String, Long> before = CommandStats.of(server);
            Duration wait = store.tryAcquire(BOT, buckets, Instant.now());
            Map<String, Long> delta = CommandStats.delta(before, CommandStats.of(server));
            delta.keySet().removeAll(Set.of("get", "set")); // run inside the script
            delta.keySet().removeIf(name -> name.startsWith("cluster")); // the client's topology refresh
            assertThat(delta).as("permit %d (global, chat and group buckets; waited %s)", i, wait)
                    .isEqualTo(Map.of("evalsha", 1L));
        }
    }
}
