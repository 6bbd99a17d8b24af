package dev.tgfsm.autoconfigure;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.redis.LettuceResilience;
import dev.tgfsm.redis.RedisFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageSettings;
import io.lettuce.core.RedisClient;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The Redis backend: chosen explicitly, or when a {@link RedisConnectionFactory} bean exists.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RedisConnectionFactory.class)
@Conditional(StorageTypeCondition.Redis.class)
class RedisStorageConfiguration {

    @Bean
    @ConditionalOnMissingBean(FsmStorage.class)
    RedisFsmStorage fsmStorage(RedisConnectionFactory connectionFactory, KeyRenderer keyRenderer,
            StorageSettings settings) {
        return new RedisFsmStorage(connectionFactory, keyRenderer, settings);
    }

    /**
     * Caps Lettuce's reconnect back-off (30 s by default) so that tgfsm recovers quickly after a
     * Redis restart, and rejects commands while disconnected instead of queueing them.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ RedisClient.class, ClientResourcesBuilderCustomizer.class })
    static class LettuceResilienceConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "fsmLettuceClientResourcesCustomizer")
        ClientResourcesBuilderCustomizer fsmLettuceClientResourcesCustomizer() {
            return LettuceResilience.resourcesCustomizer();
        }

        @Bean
        @ConditionalOnMissingBean(name = "fsmLettuceClientOptionsCustomizer")
        LettuceClientOptionsBuilderCustomizer fsmLettuceClientOptionsCustomizer() {
            return LettuceResilience.optionsCustomizer();
        }
    }
}
