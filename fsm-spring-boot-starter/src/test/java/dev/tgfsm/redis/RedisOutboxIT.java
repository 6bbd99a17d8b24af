package dev.tgfsm.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.tgfsm.outbox.OutboxStorageScenarios;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;

/**
 * The outbox's guarantees on Redis: two instances (two storages with their own connections) on one
 * server.
 */
@RequiresServers(TestServer.REDIS)
class RedisOutboxIT extends OutboxStorageScenarios {

    private RedisInstances redis;

    @BeforeEach
    void connect() {
        redis = RedisInstances.open(2, StorageConfig.ofDefaults().withClock(clock));
    }

    @AfterEach
    void disconnect() {
        redis.close();
    }

    @Override
    protected FsmStorage storage(int instance) {
        return redis.storages().get(instance);
    }
}
