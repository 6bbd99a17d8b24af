package dev.tgfsm.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.outbound.InMemoryPermitStore;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.outbound.PermitStore;
import dev.tgfsm.outbound.StoragePermitStore;
import dev.tgfsm.redis.FsmRedisConnection;
import dev.tgfsm.redis.RedisFsmStorage;
import dev.tgfsm.redis.RedisPermitStore;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * Auto-configuration of outbound flood control ({@code tgfsm.bot.flood.*}): the {@link PermitStore}
 * that shares the limits (one Lua script per permit on Redis, the storage's throttle on SQL and other
 * backends, this process's memory with the memory backend) and the {@link OutboundLimiter} that every
 * Bot API call of tgfsm passes. Every bot of {@code tgfsm.bot} and {@code tgfsm.bots} has buckets of
 * its own (global, per chat, per group), with the limits of {@code tgfsm.bot.flood}.
 */
@AutoConfiguration(after = FsmAutoConfiguration.class)
@ConditionalOnBean(FsmStorage.class)
@EnableConfigurationProperties(FloodProperties.class)
public class FsmFloodControlAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PermitStore fsmPermitStore(FsmStorage storage) {
        if (storage instanceof InMemoryFsmStorage) {
            return new InMemoryPermitStore();
        }
        return new StoragePermitStore(storage);
    }

    /**
     * The limiter. Its time is the system clock, not tgfsm's clock bean: it waits in real time, so
     * pacing must follow real time even where tests move tgfsm's clock by hand.
     */
    @Bean
    @ConditionalOnMissingBean
    OutboundLimiter fsmOutboundLimiter(PermitStore store, FloodProperties properties, FsmProperties fsm) {
        try {
            return new OutboundLimiter(store, properties.toConfig(), Clock.systemUTC(), FsmSettings.botId(fsm));
        }
        catch (IllegalArgumentException | NullPointerException ex) {
            throw new FsmConfigurationException("tgfsm.bot.flood is invalid: " + ex.getMessage() + ".",
                    "Use permits and burst of at least 1, positive periods and a max-wait of zero or more,"
                            + " for example tgfsm.bot.flood.chat.permits=1 and tgfsm.bot.flood.chat.period=1s.");
        }
    }

    /** The Redis store, when the storage is Redis: one round trip per permit. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RedisConnectionFactory.class)
    @ConditionalOnBean(RedisFsmStorage.class)
    static class RedisPermitStoreConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        RedisPermitStore fsmRedisPermitStore(RedisConnectionFactory connectionFactory,
                ObjectProvider<FsmRedisConnection> tgfsmConnection, KeyRenderer renderer) {
            // tgfsm's own fail-fast client when there is one: a frozen Redis must not hold a send for long
            FsmRedisConnection own = tgfsmConnection.getIfAvailable();
            return new RedisPermitStore(own != null ? own.factory() : connectionFactory, renderer);
        }
    }
}
