package dev.tgfsm.autoconfigure.middleware;

import java.time.Clock;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.telegram.FsmTelegramAutoConfiguration;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.flow.MessageResolver;
import dev.tgfsm.garbage.GarbageCollectingHandler;
import dev.tgfsm.garbage.GarbageConfig;
import dev.tgfsm.garbage.GarbageStateRegistry;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.ratelimit.RateLimitConfig;
import dev.tgfsm.ratelimit.RateLimitListener;
import dev.tgfsm.ratelimit.RateLimiter;
import dev.tgfsm.ratelimit.RateLimitingHandler;
import dev.tgfsm.ratelimit.ThrottleNotifier;
import dev.tgfsm.storage.FsmStorage;

/**
 * Auto-configuration of the built-in middleware steps of the {@link UpdatePipeline}:
 * a {@link RateLimiter} and its {@link RateLimitingHandler} step (checked before the lock) when
 * {@code tgfsm.rate-limit.enabled=true} and a {@link FsmStorage} exists; a
 * {@link GarbageStateRegistry} and its {@link GarbageCollectingHandler} step when a
 * {@link TelegramClient} exists (unless {@code tgfsm.garbage.enabled=false}). The pipeline, not
 * this class, decides where they run.
 * It runs after {@link FsmTelegramAutoConfiguration} (which says so), so that the client made from
 * {@code tgfsm.bot.token} counts.
 * Every bean backs off when the application defines its own. Time comes from tgfsm's
 * {@code fsmClock} bean when present.
 */
@AutoConfiguration(after = FsmAutoConfiguration.class)
@EnableConfigurationProperties({RateLimitProperties.class, GarbageProperties.class})
public final class FsmMiddlewareAutoConfiguration {

    static Clock clock(ObjectProvider<Clock> fsmClock) {
        return fsmClock.getIfAvailable(Clock::systemUTC);
    }

    /** The rate limiter, when enabled and a storage exists. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "tgfsm.rate-limit", name = "enabled", havingValue = "true")
    @ConditionalOnBean(FsmStorage.class)
    static class RateLimitConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RateLimitConfig fsmRateLimitConfig(RateLimitProperties properties) {
            return properties.toConfig();
        }

        @Bean
        @ConditionalOnMissingBean
        RateLimiter fsmRateLimiter(FsmStorage storage, ObjectProvider<FsmContexts> contexts, RateLimitConfig config,
                @Qualifier("fsmClock") ObjectProvider<Clock> clock) {
            return new RateLimiter(unitOfWorkStorage(storage, contexts), config, clock(clock));
        }

        /** The storage of the units of work, with its decorators, when there are units of work. */
        private static FsmStorage unitOfWorkStorage(FsmStorage storage, ObjectProvider<FsmContexts> contexts) {
            FsmContexts available = contexts.getIfAvailable();
            return available != null ? available.storage() : storage;
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(TelegramClient.class)
        ThrottleNotifier fsmThrottleNotifier(TelegramClient client, ObjectProvider<OutboundLimiter> limiter) {
            return ThrottleNotifier.message(client, limiter.getIfAvailable(OutboundLimiter::unlimited));
        }

        /**
         * The pipeline's rate-limit step; its buckets carry the bot id of the dispatcher's keys. It
         * works on the storage of the units of work (with its decorators), so that its check can ride
         * in their lock requests.
         */
        @Bean
        @ConditionalOnMissingBean
        RateLimitingHandler fsmRateLimitingHandler(RateLimiter limiter, FsmStorage storage,
                ObjectProvider<FsmContexts> contexts, ObjectProvider<ThrottleNotifier> notifier,
                ObjectProvider<RateLimitListener> listener, ObjectProvider<MessageResolver> messages) {
            List<RateLimitListener> listeners = listener.orderedStream().toList();
            RateLimitingHandler handler = new RateLimitingHandler(limiter, unitOfWorkStorage(storage, contexts),
                    notifier.getIfAvailable(),
                    listeners.size() == 1 ? listeners.get(0) : new RateLimitListener() {
                        @Override
                        public void allowed(UpdateContext update, RateLimiter.Decision decision) {
                            listeners.forEach(l -> l.allowed(update, decision));
                        }

                        @Override
                        public void throttled(UpdateContext update, RateLimiter.Decision decision, boolean notified) {
                            listeners.forEach(l -> l.throttled(update, decision, notified));
                        }
                    });
            messages.ifAvailable(handler::setMessages);
            return handler;
        }
    }

    /** The garbage registry, when a Telegram client exists. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "tgfsm.garbage", name = "enabled", havingValue = "true", matchIfMissing = true)
    @ConditionalOnBean(TelegramClient.class)
    static class GarbageConfiguration {

        @Bean
        @ConditionalOnMissingBean
        GarbageConfig fsmGarbageConfig(GarbageProperties properties) {
            return properties.toConfig();
        }

        @Bean
        @ConditionalOnMissingBean
        GarbageStateRegistry fsmGarbageStateRegistry(TelegramClient client, GarbageConfig config,
                @Qualifier("fsmClock") ObjectProvider<Clock> clock, ObjectProvider<OutboundLimiter> limiter) {
            return new GarbageStateRegistry(client, config, clock(clock),
                    limiter.getIfAvailable(OutboundLimiter::unlimited));
        }

        /** The pipeline's garbage step. */
        @Bean
        @ConditionalOnMissingBean
        GarbageCollectingHandler fsmGarbageCollectingHandler(GarbageStateRegistry registry) {
            return new GarbageCollectingHandler(registry);
        }
    }
}
