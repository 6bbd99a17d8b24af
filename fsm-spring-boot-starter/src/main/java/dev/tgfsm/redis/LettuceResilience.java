package dev.tgfsm.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.Internal;

/**
 * Lettuce settings that let the Redis backend fail fast and recover quickly.
 *
 * <p>Out of the box Lettuce backs off up to 30 s between reconnect attempts and queues commands while
 * disconnected until a 60 s timeout. Here the back-off is exponential from 10 ms and capped at
 * {@link #DEFAULT_MAX_RECONNECT_DELAY}, commands issued while disconnected are rejected at once
 * (the storage reports them as unavailable), and every command has a bounded timeout. On a Cluster
 * the topology is refreshed on redirects and reconnects.
 *
 * <p>The starter applies them to a factory of tgfsm's own ({@link FsmRedisConnection}), never to the
 * application's; {@link #standalone} and {@link #cluster} build a factory directly (tests,
 * applications without auto-configuration). A factory built here owns its {@link ClientResources}
 * only if the caller passes none; destroy the factory to release them.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class LettuceResilience {

    /** The longest wait between two reconnect attempts. */
    public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    /** How long one command may take. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private LettuceResilience() {
    }

    /**
     * The reconnect back-off: exponential from 10 ms, capped.
     *
     * @param max the cap, for example {@link #DEFAULT_MAX_RECONNECT_DELAY}
     * @return the delay
     */
    public static Delay reconnectDelay(Duration max) {
        Objects.requireNonNull(max, "max must not be null");
        return Delay.exponential(Duration.ofMillis(10), max, 2, TimeUnit.MILLISECONDS);
    }

    /**
     * Client options with the settings described above.
     *
     * @param commandTimeout the timeout of one command
     * @param cluster whether the options are for a Redis Cluster client
     * @return the options
     */
    public static ClientOptions clientOptions(Duration commandTimeout, boolean cluster) {
        Objects.requireNonNull(commandTimeout, "commandTimeout must not be null");
        ClientOptions.Builder builder = cluster
                ? ClusterClientOptions.builder().topologyRefreshOptions(topologyRefresh())
                : ClientOptions.builder();
        return builder.autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build())
                .build();
    }

    private static ClusterTopologyRefreshOptions topologyRefresh() {
        return ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build();
    }

    /**
     * Client configuration with the settings described above.
     *
     * @param resources the client resources (with {@link #reconnectDelay}), or {@code null} to let
     *        the factory create default ones
     * @param commandTimeout the timeout of one command
     * @param cluster whether the configuration is for a Redis Cluster
     * @return the configuration
     */
    public static LettuceClientConfiguration clientConfiguration(@Nullable ClientResources resources,
            Duration commandTimeout,
            boolean cluster) {
        LettuceClientConfiguration.LettuceClientConfigurationBuilder builder = LettuceClientConfiguration.builder()
                .commandTimeout(commandTimeout)
                .shutdownTimeout(Duration.ZERO)
                .clientOptions(clientOptions(commandTimeout, cluster));
        if (resources != null) {
            builder.clientResources(resources);
        }
        return builder.build();
    }

    /**
     * Builds and starts a factory for a standalone Redis.
     *
     * @param host the host
     * @param port the port
     * @param resources client resources to use, or {@code null} for ones owned by the factory
     * @param commandTimeout the timeout of one command
     * @return the started factory; destroy it when done
     */
    public static LettuceConnectionFactory standalone(String host, int port, @Nullable ClientResources resources,
            Duration commandTimeout) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port),
                clientConfiguration(resources, commandTimeout, false));
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    /**
     * Builds and starts a factory for a Redis Cluster.
     *
     * @param configuration the cluster's seed nodes
     * @param resources client resources to use, or {@code null} for ones owned by the factory
     * @param commandTimeout the timeout of one command
     * @return the started factory; destroy it when done
     */
    public static LettuceConnectionFactory cluster(RedisClusterConfiguration configuration,
            @Nullable ClientResources resources,
            Duration commandTimeout) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration,
                clientConfiguration(resources, commandTimeout, true));
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    /**
     * Client resources whose reconnect back-off is capped at {@link #DEFAULT_MAX_RECONNECT_DELAY};
     * shut them down when done.
     *
     * @return new client resources
     */
    public static ClientResources clientResources() {
        return ClientResources.builder().reconnectDelay(reconnectDelay(DEFAULT_MAX_RECONNECT_DELAY)).build();
    }
}
