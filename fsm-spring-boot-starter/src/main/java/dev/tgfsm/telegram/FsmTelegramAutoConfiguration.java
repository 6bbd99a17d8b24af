package dev.tgfsm.telegram;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmProperties;
import dev.tgfsm.dispatch.UpdateDispatcher;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.longpolling.starter.SpringLongPollingBot;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the TelegramBots glue: a {@link TelegramUrl} from {@code tgfsm.bot.api-url}, an
 * {@link OkHttpTelegramClient} for {@code tgfsm.bot.token}, a long-polling consumer that feeds the
 * {@link UpdateDispatcher}, and, when the application has no {@link SpringLongPollingBot}, a bot that
 * TelegramBots' starter registers and polls. Each part needs only its own TelegramBots module.
 */
@AutoConfiguration(after = FsmAutoConfiguration.class,
        afterName = "org.telegram.telegrambots.longpolling.starter.TelegramBotStarterConfiguration")
@ConditionalOnClass(TelegramUrl.class)
public class FsmTelegramAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty("tgfsm.bot.api-url")
    TelegramUrl fsmTelegramUrl(FsmProperties properties) {
        return TelegramUrls.parse(properties.getBot().getApiUrl());
    }

    /**
     * The Bot API client, from {@code telegrambots-client}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OkHttpTelegramClient.class)
    @ConditionalOnProperty("tgfsm.bot.token")
    static class ClientConfiguration {

        @Bean
        @ConditionalOnMissingBean(TelegramClient.class)
        OkHttpTelegramClient fsmTelegramClient(FsmProperties properties, ObjectProvider<TelegramUrl> url) {
            return new OkHttpTelegramClient(properties.getBot().getToken().trim(),
                    url.getIfAvailable(() -> TelegramUrl.DEFAULT_URL));
        }
    }

    /**
     * The consumer that feeds the dispatcher, from {@code telegrambots-longpolling}.
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

    /**
     * The bot registered with TelegramBots' Spring Boot starter.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SpringLongPollingBot.class)
    @ConditionalOnBean(UpdateDispatcher.class)
    @ConditionalOnProperty("tgfsm.bot.token")
    static class BotConfiguration {

        @Bean
        @ConditionalOnMissingBean(SpringLongPollingBot.class)
        FsmLongPollingBot fsmLongPollingBot(FsmProperties properties, DispatchingUpdateConsumer consumer) {
            return new FsmLongPollingBot(properties.getBot().getToken().trim(), consumer);
        }
    }
}
