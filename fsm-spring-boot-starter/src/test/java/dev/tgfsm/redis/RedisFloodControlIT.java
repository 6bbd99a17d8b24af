package dev.tgfsm.redis;

import java.time.Duration;

import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The flood-control contract on one private redis-server.
 */
class RedisFloodControlIT extends RedisFloodContract {

    private static RedisProcess redis;

    private static ClientResources resources;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
        resources = LettuceResilience.clientResources();
    }

    @AfterAll
    static void stopRedis() {
        try {
            resources.shutdown();
        }
        finally {
            redis.close();
        }
    }

    @Override
    LettuceConnectionFactory openFactory() {
        return LettuceResilience.standalone("127.0.0.1", redis.port(), resources, Duration.ofSeconds(2));
    }

    @Override
    RedisProcess serverOf(String key) {
        return redis;
    }
}
