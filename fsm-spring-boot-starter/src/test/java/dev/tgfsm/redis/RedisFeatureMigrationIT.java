package dev.tgfsm.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.tgfsm.feature.FeatureMigrationScenarios;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;

/**
 * Versioned feature data on Redis: the lazy upgrade through the dispatcher's unit of work, and the
 * job (a {@code SCAN} of the namespace) beside live updates.
 */
@RequiresServers(TestServer.REDIS)
class RedisFeatureMigrationIT extends FeatureMigrationScenarios {

    private RedisInstances redis;

    @BeforeEach
    void connect() {
        redis = RedisInstances.open(1, StorageConfig.ofDefaults());
    }

    @AfterEach
    void disconnect() {
        redis.close();
    }

    @Override
    protected FsmStorage storage() {
        return redis.storage(0);
    }
}
