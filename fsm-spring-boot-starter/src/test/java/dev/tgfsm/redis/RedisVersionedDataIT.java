package dev.tgfsm.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.tgfsm.feature.VersionedDataScenarios;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;

/**
 * Versioned conversation and scope data on Redis: upgraded on read, stored by the next write, never
 * overwritten when newer than the code, and upgraded by the job (a {@code SCAN} per destiny).
 */
@RequiresServers(TestServer.REDIS)
class RedisVersionedDataIT extends VersionedDataScenarios {

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
