package dev.tgfsm.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The flood-control contract on a private Redis Cluster of three masters: every instance has its own
 * cluster connection factory; all buckets of the bot are in its slot, one script call per permit.
 */
class RedisClusterFloodControlIT extends RedisFloodContract {

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
    LettuceConnectionFactory openFactory() {
        return cluster.connectionFactory();
    }

    @Override
    RedisProcess serverOf(String key) {
        return cluster.owner(key);
    }
}
