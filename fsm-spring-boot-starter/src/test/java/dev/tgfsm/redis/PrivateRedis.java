package dev.tgfsm.redis;

import java.time.Duration;

import io.lettuce.core.resource.ClientResources;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A redis-server of a test class's own ({@link RedisProcess#start()}) with a Lettuce connection
 * factory on it, for tests that count what the server executed ({@code INFO commandstats}) or
 * change its configuration: started in {@code @BeforeAll}, closed in {@code @AfterAll}.
 */
final class PrivateRedis implements AutoCloseable {

    private final RedisProcess redis;

    private final ClientResources resources;

    private final LettuceConnectionFactory factory;

    private PrivateRedis(RedisProcess redis, ClientResources resources, LettuceConnectionFactory factory) {
        this.redis = redis;
        this.resources = resources;
        this.factory = factory;
    }

    /**
     * Starts a server and connects a factory to it.
     *
     * @param timeout the factory's command timeout
     * @return the running server and its factory
     */
    static PrivateRedis start(Duration timeout) {
        RedisProcess redis = RedisProcess.start();
        ClientResources resources = LettuceResilience.clientResources();
        return new PrivateRedis(redis, resources,
                LettuceResilience.standalone("127.0.0.1", redis.port(), resources, timeout));
    }

    RedisProcess redis() {
        return redis;
    }

    LettuceConnectionFactory factory() {
        return factory;
    }

    /** The client resources of the factory, for a client of the test's own on the same event loops. */
    ClientResources resources() {
        return resources;
    }

    /** Destroys the factory, shuts its client resources down and stops the server. */
    @Override
    public void close() {
        try {
            factory.destroy();
            resources.shutdown();
        }
        finally {
            redis.close();
        }
    }
}
