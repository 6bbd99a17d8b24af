package dev.tgfsm.annotation;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.core.env.Environment;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.autoconfigure.FsmProperties;
import dev.tgfsm.dispatch.CurrentUpdate;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.scope.Director;
import dev.tgfsm.scope.UpdateScope;
import dev.tgfsm.scope.UpdateScopeRegistrar;

/**
 * Auto-configuration of annotation routing and the update scope: the routing
 * {@link UpdateHandler} built from {@link BotController}s (unless the application has its own
 * handler), the {@value UpdateScope#NAME} scope, update-scoped proxies of {@link FsmContext} and
 * {@link Director}, and the checks of {@link FeatureState} beans.
 *
 * <p>Reads {@code tgfsm.bot.username} (commands addressed to other bots are ignored) and
 * {@code tgfsm.history.size} (the Director's history, default 10).
 */
@AutoConfiguration(beforeName = "dev.tgfsm.autoconfigure.FsmAutoConfiguration")
public class FsmRoutingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static UpdateScopeRegistrar fsmUpdateScopeRegistrar() {
        return new UpdateScopeRegistrar();
    }

    @Bean
    @ConditionalOnMissingBean
    static FeatureStateProcessor fsmFeatureStateProcessor() {
        return new FeatureStateProcessor();
    }

    @Bean
    @ConditionalOnMissingBean(UpdateHandler.class)
    AnnotationRoutingHandler fsmAnnotationRoutingHandler(ConfigurableListableBeanFactory beanFactory, Environment environment) {
        return new AnnotationRoutingHandler(beanFactory, environment.getProperty("tgfsm.bot.username"));
    }

    @Bean
    @ConditionalOnMissingBean
    @Scope(scopeName = UpdateScope.NAME, proxyMode = ScopedProxyMode.INTERFACES)
    FsmContext fsmContext() {
        return CurrentUpdate.require().context();
    }

    /**
     * The current update's preferences, injectable like a {@link FeatureState} manager.
     *
     * @return the preferences of the update's conversation
     */
    @Bean
    @ConditionalOnMissingBean
    @Scope(scopeName = UpdateScope.NAME, proxyMode = ScopedProxyMode.TARGET_CLASS)
    dev.tgfsm.preferences.Preferences fsmPreferences() {
        return new dev.tgfsm.preferences.Preferences(CurrentUpdate.require().context());
    }

    @Bean
    @ConditionalOnMissingBean
    @Scope(scopeName = UpdateScope.NAME, proxyMode = ScopedProxyMode.TARGET_CLASS)
    Director fsmDirector(ObjectProvider<TelegramClient> client, ObjectProvider<FsmProperties> properties,
            ObjectProvider<OutboundLimiter> limiter) {
        FsmProperties settings = properties.getIfAvailable();
        int size = settings != null ? settings.getHistory().getSize() : HistoryManager.DEFAULT_SIZE;
        return new Director(CurrentUpdate.require(), client.getIfAvailable(), size,
                limiter.getIfAvailable(OutboundLimiter::unlimited));
    }
}
