package dev.tgfsm.redis;

import java.time.Duration;

import io.lettuce.core.resource.ClientResources;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The flood-control contract on a private Redis Cluster of three masters: every instance has its own
 * cluster connection factory; all buckets of the bot are in its slot, one script call per permit.
 */
class RedisClusterFloodControlIT extends RedisFloodContract {

    private static RedisCluster cluster;

    private static ClientResources resources;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start(3);
        resources = LettuceResilience.clientResources();
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (resources != null) {
                resources.shutdown();
            }
        }
        finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Override
    LettuceConnectionFactory openFactory() {
        return LettuceResilience.cluster(cluster.configuration(), resources, Duration.ofSeconds(5));
    }

    @Override
    RedisProcess serverOf(String key) {
        return cluster.owner(key);
    }
}
