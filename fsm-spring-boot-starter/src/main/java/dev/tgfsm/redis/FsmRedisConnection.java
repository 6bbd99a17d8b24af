package dev.tgfsm.redis;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Objects;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.resource.ClientResources;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ReflectionUtils;

import dev.tgfsm.Internal;

/**
 * The Redis connection factory tgfsm's storage talks through, and whether tgfsm owns it.
 *
 * <p>{@linkplain #dedicated Dedicated} (the starter's default): a factory of tgfsm's own, aimed at the
 * same server, Sentinel or Cluster as the application's Lettuce factory, with the same TLS, client
 * name, read-from and credentials, but with {@link LettuceResilience}'s settings: commands are
 * rejected at once while disconnected, every command has a bounded timeout, reconnects back off to at
 * most {@link LettuceResilience#DEFAULT_MAX_RECONNECT_DELAY}, and a Cluster refreshes its topology on
 * redirects. The application's factory, and everything else that uses it (Spring Cache, Spring
 * Session, templates), keeps its own settings untouched. The price is one more multiplexed connection
 * per Redis node and two small Lettuce I/O threads.
 *
 * <p>{@linkplain #shared Shared}: tgfsm uses the given factory as it is.
 *
 * <p>Closing releases what tgfsm owns (the dedicated factory and its client resources), never the
 * application's factory.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class FsmRedisConnection implements AutoCloseable {

    private final RedisConnectionFactory factory;

    private final @Nullable LettuceConnectionFactory owned;

    private final @Nullable ClientResources ownedResources;

    private FsmRedisConnection(RedisConnectionFactory factory, @Nullable LettuceConnectionFactory owned,
            @Nullable ClientResources ownedResources) {
        this.factory = factory;
        this.owned = owned;
        this.ownedResources = ownedResources;
    }

    /**
     * Uses the application's factory as it is.
     *
     * @param factory the application's factory
     * @return the connection
     */
    public static FsmRedisConnection shared(RedisConnectionFactory factory) {
        return new FsmRedisConnection(Objects.requireNonNull(factory, "factory must not be null"), null, null);
    }

    /**
     * Builds a factory of tgfsm's own that reaches the same Redis as {@code application}, with
     * {@link LettuceResilience}'s settings, and starts it (no connection is opened until first use).
     *
     * @param application the application's Lettuce factory; it is read, never changed
     * @param commandTimeout the longest one command may take; the application's own command and
     *        connect timeouts apply where they are shorter
     * @return the connection; close it to release the factory and its resources
     */
    public static FsmRedisConnection dedicated(LettuceConnectionFactory application, Duration commandTimeout) {
        Objects.requireNonNull(application, "application must not be null");
        Objects.requireNonNull(commandTimeout, "commandTimeout must not be null");
        ClientResources resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(LettuceResilience.reconnectDelay(LettuceResilience.DEFAULT_MAX_RECONNECT_DELAY))
                .build();
        try {
            LettuceConnectionFactory factory = new LettuceConnectionFactory(target(application),
                    clientConfiguration(application.getClientConfiguration(), resources, commandTimeout,
                            application.isClusterAware()));
            factory.afterPropertiesSet();
            factory.start();
            return new FsmRedisConnection(factory, factory, resources);
        }
        catch (RuntimeException ex) {
            resources.shutdown();
            throw ex;
        }
    }

    /**
     * The application factory's own target (server and database, Sentinel, Cluster, socket or static
     * master/replica, with its credentials). Spring Data Redis keeps it in a field that only the
     * cluster, Sentinel and socket cases expose, so it is read reflectively.
     */
    private static RedisConfiguration target(LettuceConnectionFactory application) {
        Field field = ReflectionUtils.findField(LettuceConnectionFactory.class, "configuration",
                RedisConfiguration.class);
        if (field == null) {
            throw new IllegalStateException("cannot read the target of " + application
                    + " (Spring Data Redis changed); set tgfsm.redis.client=shared");
        }
        ReflectionUtils.makeAccessible(field);
        return (RedisConfiguration) ReflectionUtils.getField(field, application);
    }

    private static LettuceClientConfiguration clientConfiguration(LettuceClientConfiguration application,
            ClientResources resources, Duration longestCommand, boolean cluster) {
        Duration commandTimeout = shorter(application.getCommandTimeout(), longestCommand);
        LettuceClientConfiguration.LettuceClientConfigurationBuilder builder = LettuceClientConfiguration.builder();
        if (application.isUseSsl()) {
            LettuceClientConfiguration.LettuceSslClientConfigurationBuilder ssl = builder.useSsl()
                    .verifyPeer(application.getVerifyMode());
            if (application.isStartTls()) {
                ssl.startTls();
            }
            builder = ssl.and();
        }
        application.getClientName().ifPresent(builder::clientName);
        application.getReadFrom().ifPresent(builder::readFrom);
        application.getRedisCredentialsProviderFactory().ifPresent(builder::redisCredentialsProviderFactory);
        ClientOptions resilient = LettuceResilience.clientOptions(commandTimeout, cluster);
        ClientOptions options = application.getClientOptions()
                .map((base) -> merge(base, resilient, cluster))
                .orElse(resilient);
        return builder.clientResources(resources)
                .clientOptions(options)
                .commandTimeout(commandTimeout)
                .shutdownTimeout(Duration.ZERO)
                .build();
    }

    /** The application's options (TLS, protocol, keep-alive) with tgfsm's resilience on top. */
    private static ClientOptions merge(ClientOptions base, ClientOptions resilient, boolean cluster) {
        ClientOptions.Builder builder = cluster ? ClusterClientOptions.builder(base) : base.mutate();
        builder.autoReconnect(true)
                .disconnectedBehavior(resilient.getDisconnectedBehavior())
                .timeoutOptions(resilient.getTimeoutOptions())
                .socketOptions(base.getSocketOptions().mutate()
                        .connectTimeout(shorter(base.getSocketOptions().getConnectTimeout(),
                                resilient.getSocketOptions().getConnectTimeout()))
                        .build());
        if (builder instanceof ClusterClientOptions.Builder clusterBuilder
                && resilient instanceof ClusterClientOptions clusterOptions) {
            clusterBuilder.topologyRefreshOptions(clusterOptions.getTopologyRefreshOptions());
        }
        return builder.build();
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Returns the factory the storage uses.
     *
     * @return the factory
     */
    public RedisConnectionFactory factory() {
        return factory;
    }

    /**
     * Tells whether tgfsm owns the factory (it was built by {@link #dedicated}).
     *
     * @return whether the factory is tgfsm's own
     */
    public boolean isDedicated() {
        return owned != null;
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.destroy();
            }
            finally {
                ownedResources.shutdown();
            }
        }
    }
}
