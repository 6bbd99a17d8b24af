package dev.tgfsm.redis;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.lettuce.core.resource.ClientResources;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.StorageConfig;

/**
 * Several bot instances on the shared test Redis: each {@link RedisFsmStorage} has its own
 * connection factory, and all share one fresh key prefix. Closing clears the prefix and disconnects.
 */
final class RedisInstances implements AutoCloseable {

    private final ClientResources resources = LettuceResilience.clientResources();

    private final List<LettuceConnectionFactory> factories = new ArrayList<>();

    private final List<RedisFsmStorage> storages = new ArrayList<>();

    private RedisInstances(List<StorageConfig> settings) {
        URI uri = URI.create(TestServer.REDIS.url());
        KeyRenderer renderer = new KeyRenderer(RedisFsmStorageIT.randomPrefix());
        for (StorageConfig instanceSettings : settings) {
            LettuceConnectionFactory factory = LettuceResilience.standalone(uri.getHost(), uri.getPort(), resources,
                    Duration.ofSeconds(5));
            factories.add(factory);
            storages.add(new RedisFsmStorage(factory, renderer, instanceSettings));
        }
    }

    /**
     * Connects the instances.
     *
     * @param count how many
     * @param settings the settings of every storage
     * @return the instances
     */
    static RedisInstances open(int count, StorageConfig settings) {
        return new RedisInstances(Collections.nCopies(count, settings));
    }

    /**
     * Connects one instance per settings, all in one namespace, for instances that differ (their
     * clocks, for example).
     *
     * @param settings the settings of each instance
     * @return the instances
     */
    static RedisInstances open(List<StorageConfig> settings) {
        return new RedisInstances(List.copyOf(settings));
    }

    /**
     * Returns one instance's storage.
     *
     * @param index the instance
     * @return its storage
     */
    RedisFsmStorage storage(int index) {
        return storages.get(index);
    }

    /**
     * Returns every instance's storage.
     *
     * @return the storages
     */
    List<RedisFsmStorage> storages() {
        return List.copyOf(storages);
    }

    @Override
    public void close() {
        storages.get(0).clearNamespace();
        storages.forEach(RedisFsmStorage::stop);
        factories.forEach(LettuceConnectionFactory::destroy);
        resources.shutdown();
    }
}
