package dev.tgfsm.autoconfigure.timeout;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmBotsAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmProperties;
import dev.tgfsm.autoconfigure.FsmTimers;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.flow.MessageResolver;
import dev.tgfsm.scene.Scene;
import dev.tgfsm.timeout.ExpiryHandler;
import dev.tgfsm.timeout.ExpiryNotice;
import dev.tgfsm.timeout.IdleTimeoutTracker;
import dev.tgfsm.timeout.RestartNotifier;
import dev.tgfsm.timeout.TimeoutConfig;
import dev.tgfsm.timeout.TimeoutPolicy;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * Auto-configuration of idle timeouts and the restart notice, when a {@link FsmContexts} and a
 * {@link TelegramClient} exist: a {@link TimeoutPolicy} from {@code tgfsm.timeout} and the
 * {@link Flow} and {@link Scene} beans, the {@link IdleTimeoutTracker} (the pipeline runs it after
 * the garbage registry, before flows), a {@link TimeoutScheduler} polling the
 * storage's deadline index, and a {@link RestartNotifier} when {@code tgfsm.restart-notice.enabled};
 * both act only on the conversations of the application's bot (its {@link UpdateDispatcher}'s bot id),
 * so bots sharing a store never fire each other's timeouts or notices.
 * Nothing polls when no state can time out. Every bean backs off when the application defines its
 * own; time comes from tgfsm's {@code fsmClock} bean when present.
 */
// after FsmTelegramAutoConfiguration too, which says so (its package uses this one)
@AutoConfiguration(after = {FsmAutoConfiguration.class, FsmConversationAutoConfiguration.class,
        FsmBotsAutoConfiguration.class})
@EnableConfigurationProperties({TimeoutProperties.class, RestartNoticeProperties.class})
@ConditionalOnBean({FsmContexts.class, TelegramClient.class})
public final class FsmTimeoutAutoConfiguration {

    private static Clock clock(ObjectProvider<Clock> fsmClock) {
        return fsmClock.getIfAvailable(Clock::systemUTC);
    }

    @Bean
    @ConditionalOnMissingBean
    TimeoutConfig fsmTimeoutConfig(TimeoutProperties properties) {
        return properties.toConfig();
    }

    @Bean
    @ConditionalOnMissingBean
    TimeoutPolicy fsmTimeoutPolicy(TimeoutConfig config, ObjectProvider<Flow> flows, ObjectProvider<Scene> scenes) {
        return new TimeoutPolicy(config, flows.orderedStream().toList(), scenes.orderedStream().toList());
    }

    /** The pipeline's idle-timeout step; left out of the pipeline when no state can time out. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tgfsm.timeout", name = "enabled", havingValue = "true", matchIfMissing = true)
    IdleTimeoutTracker fsmIdleTimeoutTracker(TimeoutPolicy policy, FsmContexts contexts,
            @Qualifier("fsmClock") ObjectProvider<Clock> clock) {
        return new IdleTimeoutTracker(policy, contexts.storage(), clock(clock));
    }

    @Bean
    @ConditionalOnMissingBean
    ExpiryHandler fsmExpiryHandler(TimeoutConfig config) {
        return ExpiryHandler.clearing(config.expiredText());
    }

    /**
     * Tells a conversation that expired unnoticed (idle deadline passed while the bot was down, or
     * {@code tgfsm.ttl} passed) on its next message, with the expiry handler's text.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tgfsm.timeout", name = "notify-on-next-message", havingValue = "true", matchIfMissing = true)
    ExpiryNotice fsmExpiryNotice(ExpiryHandler expiry, FsmProperties properties,
            @Qualifier("fsmClock") ObjectProvider<Clock> clock) {
        Duration ttl = properties.getTtl();
        Duration grace = properties.getTtlGrace();
        boolean kept = ttl != null && !ttl.isNegative() && !ttl.isZero()
                && (grace == null || !grace.isNegative() && !grace.isZero());
        return new ExpiryNotice(expiry, clock(clock), kept ? ttl : null);
    }

    /** How each further bot's scheduler is made: like the default bot's, with that bot's id. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tgfsm.timeout", name = "enabled", havingValue = "true", matchIfMissing = true)
    BotTimeoutSchedulers fsmBotTimeoutSchedulers(FsmContexts contexts, TimeoutConfig config, ExpiryHandler expiry,
            @Qualifier("fsmClock") ObjectProvider<Clock> clock, ObjectProvider<FsmTimers> timers) {
        Clock time = clock(clock);
        return (botId) -> {
            TimeoutScheduler scheduler = new TimeoutScheduler(botId, contexts, config, time, expiry);
            timers.ifAvailable(pools -> scheduler.runOn(pools.background()));
            return scheduler;
        };
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tgfsm.timeout", name = "enabled", havingValue = "true", matchIfMissing = true)
    TimeoutScheduler fsmTimeoutScheduler(FsmContexts contexts, TimeoutConfig config,
            ExpiryHandler expiry, @Qualifier("fsmClock") ObjectProvider<Clock> clock,
            ObjectProvider<UpdateDispatcher> dispatcher, ObjectProvider<MessageResolver> messages,
            ObjectProvider<FsmTimers> timers) {
        UpdateDispatcher bot = dispatcher.getIfUnique();
        TimeoutScheduler scheduler = bot == null ? new TimeoutScheduler(contexts, config, clock(clock), expiry)
                : new TimeoutScheduler(bot.botId(), contexts, config, clock(clock), expiry);
        messages.ifAvailable(scheduler::setMessages);
        timers.ifAvailable(pools -> scheduler.runOn(pools.background()));
        return scheduler;
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tgfsm.restart-notice", name = "enabled", havingValue = "true")
    RestartNotifier fsmRestartNotifier(FsmContexts contexts, RestartNoticeProperties properties,
            @Qualifier("fsmClock") ObjectProvider<Clock> clock, ObjectProvider<UpdateDispatcher> dispatcher,
            ObjectProvider<MessageResolver> messages) {
        UpdateDispatcher bot = dispatcher.getIfUnique();
        RestartNotifier notifier = bot == null
                ? new RestartNotifier(contexts, clock(clock), properties.getWindow(), properties.getText())
                : new RestartNotifier(bot.botId(), contexts, clock(clock), properties.getWindow(),
                        properties.getText());
        messages.ifAvailable(notifier::setMessages);
        return notifier;
    }

    @Bean
    @ConditionalOnMissingBean
    TimeoutLifecycle fsmTimeoutLifecycle(ObjectProvider<TimeoutScheduler> scheduler, TimeoutPolicy policy,
            ObjectProvider<RestartNotifier> notifier) {
        return new TimeoutLifecycle(policy.coversAnything() ? scheduler.getIfAvailable() : null,
                notifier.getIfAvailable());
    }
}
