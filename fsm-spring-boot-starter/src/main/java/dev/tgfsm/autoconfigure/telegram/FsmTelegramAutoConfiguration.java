package dev.tgfsm.autoconfigure.telegram;

import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.autoconfigure.BotProperties;
import dev.tgfsm.autoconfigure.DispatcherProperties;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmBotsAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmFloodControlAutoConfiguration;
import dev.tgfsm.autoconfigure.OutageProperties;
import dev.tgfsm.autoconfigure.TelegramIntakes;
import dev.tgfsm.autoconfigure.middleware.FsmMiddlewareAutoConfiguration;
import dev.tgfsm.autoconfigure.timeout.FsmTimeoutAutoConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.flow.MessageResolver;
import dev.tgfsm.outbound.InMemoryPermitStore;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.telegram.AllowedUpdateTypes;
import dev.tgfsm.telegram.BotUsernameLookup;
import dev.tgfsm.telegram.CallerThreadTelegramClient;
import dev.tgfsm.telegram.DispatchingUpdateConsumer;
import dev.tgfsm.telegram.FsmBots;
import dev.tgfsm.telegram.LongPollingIntake;
import dev.tgfsm.telegram.LongPollingLifecycle;
import dev.tgfsm.telegram.OutageNotices;
import dev.tgfsm.telegram.TelegramUrls;
import dev.tgfsm.telegram.UpdateIntakeListener;

/**
 * Auto-configuration of the Telegram side: a {@link TelegramUrl} from {@code tgfsm.bot.api-url}, an
 * {@link OkHttpTelegramClient} for {@code tgfsm.bot.token} (a {@link CallerThreadTelegramClient}), tgfsm's own {@link LongPollingIntake} (when
 * the token is set and the application has no {@code SpringLongPollingBot} of its own), the
 * {@link DispatchingUpdateConsumer} for applications that bring their own TelegramBots bot, and the
 * {@link OutageNotices} sent while the storage is down. Each part needs only its own TelegramBots
 * module.
 */
// TelegramBots' starter by name: it is optional. Before the configurations that use the client made here.
@AutoConfiguration(after = FsmAutoConfiguration.class, before = {FsmBotsAutoConfiguration.class,
        FsmMiddlewareAutoConfiguration.class, FsmTimeoutAutoConfiguration.class,
        FsmFloodControlAutoConfiguration.class}, afterName = "org.telegram.telegrambots.longpolling.starter.TelegramBotStarterConfiguration")
@ConditionalOnClass(TelegramUrl.class)
@EnableConfigurationProperties({BotProperties.class, OutageProperties.class})
public final class FsmTelegramAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty("tgfsm.bot.api-url")
    TelegramUrl fsmTelegramUrl(BotProperties bot) {
        return TelegramUrls.parse(bot.getApiUrl());
    }

    /**
     * The limits of flood control kept in this process only: outage notices go out exactly while the
     * storage (which keeps the shared buckets) is down or frozen, so they must not wait for it.
     */
    private static OutboundLimiter local(@Nullable OutboundLimiter shared) {
        return shared == null ? OutboundLimiter.unlimited()
                : shared.withStore(new InMemoryPermitStore());
    }

    /** Warns at start-up when there is no {@link TelegramClient}, naming what is off without one. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(UpdateDispatcher.class)
    static MissingClientReport fsmMissingClientReport(ListableBeanFactory beans, Environment environment) {
        return new MissingClientReport(beans, environment);
    }

    /** The notices sent while the storage is down, through the application's {@link TelegramClient}. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(TelegramClient.class)
    @ConditionalOnProperty(name = "tgfsm.outage.notice-enabled", matchIfMissing = true)
    OutageNotices fsmOutageNotices(TelegramClient client, OutageProperties properties, ObjectProvider<FsmBots> bots,
            ObjectProvider<OutboundLimiter> limiter, ObjectProvider<MessageResolver> messages) {
        // with several bots (tgfsm.bots), each notice goes through the client of the update's bot
        OutageNotices notices = new OutageNotices((bot) -> {
            FsmBots several = bots.getIfAvailable();
            return several != null ? several.client(bot) : client;
        }, properties.getNotice(), local(limiter.getIfAvailable()));
        messages.ifAvailable(notices::setMessages);
        return notices;
    }

    /**
     * The Bot API client, from {@code telegrambots-client}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OkHttpTelegramClient.class)
    @Conditional(OnBotTokenCondition.class)
    static class ClientConfiguration {

        @Bean
        @ConditionalOnMissingBean(TelegramClient.class)
        OkHttpTelegramClient fsmTelegramClient(DispatcherProperties dispatcherProperties, BotProperties bot,
                ObjectProvider<TelegramUrl> url) {
            return new CallerThreadTelegramClient(TelegramIntakes.httpClient(dispatcherProperties.getThreads()),
                    bot.getToken().trim(), url.getIfAvailable(() -> TelegramUrl.DEFAULT_URL));
        }

        /**
         * Looks up the default bot's username with {@code getMe} before it takes updates, when
         * {@code tgfsm.bot.username} is not set and the bot polls or has a webhook.
         */
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(UpdateDispatcher.class)
        @ConditionalOnExpression("${tgfsm.bot.polling.enabled:true} or ${tgfsm.bot.webhook.enabled:false}")
        BotUsernameLookup fsmBotUsernameLookup(BotProperties bot, UpdateDispatcher dispatcher,
                ObjectProvider<FsmBots> bots, ObjectProvider<TelegramClient> client) {
            FsmBots several = bots.getIfAvailable();
            TelegramClient telegram = several != null ? several.client(dispatcher.botId()) : client.getIfAvailable();
            BotUsernameLookup lookup = new BotUsernameLookup();
            if (telegram != null) {
                lookup.add("tgfsm.bot", bot.getUsername(), dispatcher, telegram);
            }
            return lookup;
        }
    }

    /**
     * tgfsm's own long polling, the default intake when {@code tgfsm.bot.token} is set and the
     * application defines no {@code SpringLongPollingBot}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OkHttpClient.class)
    @ConditionalOnBean(UpdateDispatcher.class)
    @Conditional(OnBotTokenCondition.class)
    @ConditionalOnProperty(name = "tgfsm.bot.polling.enabled", matchIfMissing = true)
    @ConditionalOnProperty(name = "tgfsm.bot.webhook.enabled", havingValue = "false", matchIfMissing = true)
    @ConditionalOnMissingBean(type = "org.telegram.telegrambots.longpolling.starter.SpringLongPollingBot")
    static class IntakeConfiguration {

        @Bean
        @ConditionalOnMissingBean
        LongPollingIntake fsmLongPollingIntake(BotProperties bot,
                UpdateDispatcher dispatcher, ObjectProvider<TelegramUrl> url,
                ObjectProvider<UpdateIntakeListener> listeners, ObjectProvider<UpdateHandler> handler,
                ObjectProvider<SceneNavigator> scenes, ObjectProvider<FlowEngine> flows) {
            BotProperties.Polling polling = bot.getPolling();
            return TelegramIntakes.longPollingIntake(bot.getToken().trim(),
                    url.getIfAvailable(() -> TelegramUrl.DEFAULT_URL), polling, polling.isDropPendingUpdates(),
                    dispatcher,
                    listeners.orderedStream().toList(),
                    AllowedUpdateTypes.of(TelegramIntakes.apiNames(polling.getAllowedUpdates()), dispatcher.botId(),
                            handler, scenes, flows));
        }
    }

    /**
     * The consumer that feeds the dispatcher from an application's own TelegramBots bot, from
     * {@code telegrambots-longpolling}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(LongPollingUpdateConsumer.class)
    @ConditionalOnBean(UpdateDispatcher.class)
    static class ConsumerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        DispatchingUpdateConsumer dispatchingUpdateConsumer(UpdateDispatcher dispatcher) {
            return new DispatchingUpdateConsumer(dispatcher);
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(TelegramBotsLongPollingApplication.class)
        LongPollingLifecycle fsmLongPollingLifecycle(TelegramBotsLongPollingApplication application) {
            return new LongPollingLifecycle(application);
        }
    }
}
