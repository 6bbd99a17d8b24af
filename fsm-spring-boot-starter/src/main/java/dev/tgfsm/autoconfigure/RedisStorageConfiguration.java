package dev.tgfsm.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.redis.FsmRedisConnection;
import dev.tgfsm.redis.LettuceResilience;
import dev.tgfsm.redis.RedisFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;

/**
 * The Redis backend: chosen explicitly, or when a {@link RedisConnectionFactory} bean exists.
 *
 * <p>By default ({@code tgfsm.redis.client=dedicated}) tgfsm talks to Redis through a Lettuce factory
 * of its own, aimed where the application's factory is aimed but tuned to fail fast and recover
 * quickly (see {@link FsmRedisConnection}); the application's client is never changed.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RedisConnectionFactory.class)
@Conditional(StorageTypeCondition.Redis.class)
class RedisStorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RedisStorageConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    FsmRedisConnection fsmRedisConnection(RedisConnectionFactory connectionFactory,
            RedisStorageProperties redisProperties) {
        if (redisProperties.getClient() == RedisClientMode.SHARED) {
            return FsmRedisConnection.shared(connectionFactory);
        }
        if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
            log.info("tgfsm uses the application's {} as it is: a dedicated client needs a Lettuce connection "
                    + "factory", connectionFactory.getClass().getSimpleName());
            return FsmRedisConnection.shared(connectionFactory);
        }
        return FsmRedisConnection.dedicated(lettuce, LettuceResilience.DEFAULT_COMMAND_TIMEOUT);
    }

    @Bean
    @ConditionalOnMissingBean(FsmStorage.class)
    RedisFsmStorage fsmStorage(FsmRedisConnection connection, KeyRenderer keyRenderer, StorageConfig settings) {
        return new RedisFsmStorage(connection.factory(), keyRenderer, settings);
    }
}
