package dev.tgfsm.autoconfigure;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.outbound.FloodControlConfig;
import dev.tgfsm.outbound.FloodControlledTelegramClient;
import dev.tgfsm.outbound.InMemoryPermitStore;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.outbound.PermitStore;
import dev.tgfsm.outbound.StoragePermitStore;
import dev.tgfsm.redis.FsmRedisConnection;
import dev.tgfsm.redis.RedisFsmStorage;
import dev.tgfsm.redis.RedisPermitStore;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.telegram.FsmBots;

/**
 * Auto-configuration of outbound flood control ({@code tgfsm.bot.flood.*}): the {@link PermitStore}
 * that shares the limits (one Lua script per permit on Redis, the storage's throttle on SQL and other
 * backends, this process's memory with the memory backend) and the {@link OutboundLimiter} that every
 * Bot API call of tgfsm passes. Every bot of {@code tgfsm.bot} and {@code tgfsm.bots} has buckets of
 * its own (global, per chat, per group), with the limits of {@code tgfsm.bot.flood}, or of
 * {@code tgfsm.bots[i].flood} for a bot that has its own.
 *
 * <p>The application's own calls pass the same limiter: the {@link TelegramClient} it injects is a
 * {@link FloodControlledTelegramClient} around the client tgfsm made from {@code tgfsm.bot.token}
 * (with several bots, around the client that sends through the current update's bot), unless
 * {@code tgfsm.bot.flood.limit-application-calls=false}. A client the application defines itself is
 * left alone. The library's own calls are charged once whichever of the two clients they go through.
 */
// after FsmTelegramAutoConfiguration too, which says so (its package uses this one)
@AutoConfiguration(after = {FsmAutoConfiguration.class, FsmBotsAutoConfiguration.class})
@ConditionalOnBean(FsmStorage.class)
@EnableConfigurationProperties(BotProperties.class)
public final class FsmFloodControlAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PermitStore fsmPermitStore(FsmStorage storage) {
        if (storage instanceof InMemoryFsmStorage) {
            return new InMemoryPermitStore();
        }
        return new StoragePermitStore(storage);
    }

    /**
     * The limiter, with the limits of {@code tgfsm.bot.flood} and those of the bots of
     * {@code tgfsm.bots} that have their own. Its time is the system clock, not tgfsm's clock bean: it
     * waits in real time, so pacing must follow real time even where tests move tgfsm's clock by hand.
     */
    @Bean
    @ConditionalOnMissingBean
    OutboundLimiter fsmOutboundLimiter(PermitStore store, BotProperties properties,
            ObjectProvider<BotsProperties> bots) {
        Map<Long, FloodControlConfig> perBot = new HashMap<>();
        BotsProperties further = bots.getIfAvailable();
        List<BotsProperties.Bot> list = further == null ? List.of() : further.getBots();
        for (int i = 0; i < list.size(); i++) {
            BotsProperties.Bot bot = list.get(i);
            String where = "tgfsm.bots[" + i + "]";
            if (bot.getFlood() != null && bot.getToken() != null) {
                perBot.put(FsmPropertiesMapper.botId(bot.getToken(), bot.getId(), where),
                        config(bot.getFlood(), where + ".flood"));
            }
        }
        return new OutboundLimiter(store, config(properties.getFlood(), "tgfsm.bot.flood"), perBot,
                Clock.systemUTC(), FsmPropertiesMapper.botId(properties));
    }

    private static FloodControlConfig config(BotProperties.Flood properties, String prefix) {
        try {
            return properties.toConfig();
        }
        catch (IllegalArgumentException | NullPointerException ex) {
            throw new FsmConfigurationException(prefix + " is invalid: " + ex.getMessage() + ".",
                    "Use permits and burst of at least 1, positive periods and a max-wait of zero or more,"
                            + " for example " + prefix + ".chat.permits=1 and " + prefix + ".chat.period=1s.");
        }
    }

    /**
     * Wraps a client so that the application's calls pass the limiter, when
     * {@code tgfsm.bot.flood.limit-application-calls} is on (the default).
     *
     * @param client the client that sends
     * @param limiter the limiter
     * @param flood the properties of {@code tgfsm.bot.flood}
     * @return the client to expose, {@code client} itself when switched off
     */
    static TelegramClient applicationClient(TelegramClient client, OutboundLimiter limiter,
            BotProperties.Flood flood) {
        if (!flood.isLimitApplicationCalls()) {
            return client;
        }
        return FloodControlledTelegramClient.wrap(client, limiter, asyncCalls());
    }

    /**
     * Wraps the clients of several bots so that the application's calls pass the limiter, each sent
     * by the bot of the update handled on the calling thread (else the first bot) and charged to that
     * bot's buckets, when {@code tgfsm.bot.flood.limit-application-calls} is on (the default).
     *
     * @param bots the bots and their clients
     * @param limiter the limiter
     * @param flood the properties of {@code tgfsm.bot.flood}
     * @return the client to expose, the bots' routing client itself when switched off
     */
    static TelegramClient applicationClient(FsmBots bots, OutboundLimiter limiter, BotProperties.Flood flood) {
        if (!flood.isLimitApplicationCalls()) {
            return bots.routingClient();
        }
        return FloodControlledTelegramClient.wrap(bots::client, bots::currentBot, limiter, asyncCalls());
    }

    /** Where {@code executeAsync} calls of the application wait for their permits: a few daemon threads. */
    private static Executor asyncCalls() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                (task) -> {
                    Thread thread = new Thread(task, "tgfsm-flood-async-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /**
     * The application's {@link TelegramClient} with one bot: the client tgfsm made for
     * {@code tgfsm.bot.token} behind the limiter, as the primary client (the plain one stays a bean of
     * type {@code OkHttpTelegramClient}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(name = "fsmTelegramClient")
    @ConditionalOnMissingBean(type = "dev.tgfsm.telegram.FsmBots")
    @ConditionalOnProperty(name = "tgfsm.bot.flood.limit-application-calls", matchIfMissing = true)
    static class ApplicationClientConfiguration {

        @Bean
        @Primary
        @ConditionalOnMissingBean(name = "fsmFloodControlledTelegramClient")
        TelegramClient fsmFloodControlledTelegramClient(@Qualifier("fsmTelegramClient") TelegramClient client,
                OutboundLimiter limiter, BotProperties bot) {
            return applicationClient(client, limiter, bot.getFlood());
        }
    }

    /**
     * The Redis store, when the storage is Redis: one round trip per permit. An application's own
     * {@link PermitStore} bean replaces it, as it replaces the store of the other backends.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RedisConnectionFactory.class)
    @ConditionalOnBean(RedisFsmStorage.class)
    static class RedisPermitStoreConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(PermitStore.class)
        RedisPermitStore fsmRedisPermitStore(RedisConnectionFactory connectionFactory,
                ObjectProvider<FsmRedisConnection> tgfsmConnection, KeyRenderer renderer) {
            // tgfsm's own fail-fast client when there is one: a frozen Redis must not hold a send for long
            FsmRedisConnection own = tgfsmConnection.getIfAvailable();
            return new RedisPermitStore(own != null ? own.factory() : connectionFactory, renderer);
        }
    }
}
