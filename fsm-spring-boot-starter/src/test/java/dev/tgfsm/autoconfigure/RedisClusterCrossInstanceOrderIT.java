package dev.tgfsm.autoconfigure;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.tgfsm.redis.RedisCluster;

/**
 * Per-conversation order across two application instances on a real three-master Redis Cluster
 * ({@link CrossInstanceOrder}), and a dead instance's announcement that lapses with its lease.
 */
class RedisClusterCrossInstanceOrderIT extends CrossInstanceOrderCases {

    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start(3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    CrossInstanceStore store() {
        return CrossInstanceStore.cluster(cluster);
    }
}
