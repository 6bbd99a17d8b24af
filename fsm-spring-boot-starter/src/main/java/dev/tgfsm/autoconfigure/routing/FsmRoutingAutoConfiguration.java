package dev.tgfsm.autoconfigure.routing;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.util.function.SingletonSupplier;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.annotation.AnnotationRoutingHandler;
import dev.tgfsm.annotation.ApplicationMessageKeying;
import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.FeatureState;
import dev.tgfsm.annotation.FeatureStateProcessor;
import dev.tgfsm.annotation.PerMessage;
import dev.tgfsm.autoconfigure.BotProperties;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationAutoConfiguration;
import dev.tgfsm.autoconfigure.HistoryProperties;
import dev.tgfsm.autoconfigure.KeyProperties;
import dev.tgfsm.autoconfigure.UpdateDispatcherCustomizer;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.dispatch.CurrentUpdate;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.MessageKeying;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.preferences.Preferences;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.scope.DataScopes;
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
@AutoConfiguration(before = {FsmConversationAutoConfiguration.class, FsmAutoConfiguration.class})
@EnableConfigurationProperties({KeyProperties.class, HistoryProperties.class, BotProperties.class})
public final class FsmRoutingAutoConfiguration {

    /** What every update's {@link Director} needs, looked up once, not for each update. */
    private final Supplier<DirectorParts> directorParts;

    private final BeanFactory beanFactory;

    /** Whether the update scope was told to make the later Directors itself. */
    private volatile boolean directorsDirect;

    /**
     * Creates the configuration; the beans the Director needs are looked up on its first use.
     *
     * @param client the Telegram client, if any
     * @param historyProperties the {@code tgfsm.history} properties
     * @param limiter the outbound flood control, if any
     * @param beanFactory the bean factory, whose update scope is told to make the later Directors itself
     */
    FsmRoutingAutoConfiguration(ObjectProvider<TelegramClient> client, HistoryProperties historyProperties,
            ObjectProvider<OutboundLimiter> limiter, BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
        this.directorParts = SingletonSupplier.of(() -> new DirectorParts(client.getIfAvailable(),
                historyProperties.getSize(), limiter.getIfAvailable(OutboundLimiter::unlimited)));
    }

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
    AnnotationRoutingHandler fsmAnnotationRoutingHandler(ConfigurableListableBeanFactory beanFactory,
            BotProperties bot) {
        return new AnnotationRoutingHandler(beanFactory, bot.getUsername());
    }

    /**
     * Keys callback queries per message as {@code tgfsm.key.per-message} and the {@link PerMessage}
     * routes of controllers and scenes say.
     *
     * @param keyProperties the {@code tgfsm.key} properties
     * @param handler the application's handler
     * @param scenes the scene engine, if any
     * @return the customizer of every bot's dispatcher
     */
    @Bean
    @ConditionalOnMissingBean(name = "fsmMessageKeyingCustomizer")
    UpdateDispatcherCustomizer fsmMessageKeyingCustomizer(KeyProperties keyProperties,
            ObjectProvider<UpdateHandler> handler, ObjectProvider<SceneNavigator> scenes) {
        MessageKeying configured = keyProperties.getPerMessage().rule();
        return dispatcher -> dispatcher.setMessageKeying(new ApplicationMessageKeying(configured, handler, scenes));
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
    Preferences fsmPreferences() {
        return new Preferences(CurrentUpdate.require().context());
    }

    /**
     * The current update's data scoped to its user, chat and bot.
     *
     * @return the scopes of the update
     */
    @Bean
    @ConditionalOnMissingBean
    @Scope(scopeName = UpdateScope.NAME, proxyMode = ScopedProxyMode.TARGET_CLASS)
    DataScopes fsmDataScopes() {
        return new DataScopes(CurrentUpdate.require());
    }

    @Bean
    @ConditionalOnMissingBean
    @Scope(scopeName = UpdateScope.NAME, proxyMode = ScopedProxyMode.TARGET_CLASS)
    Director fsmDirector() {
        // no parameters: Spring would resolve each of them again for every update
        DirectorParts parts = directorParts.get();
        if (!directorsDirect) {
            directorsDirect = true;
            // this bean is the library's own: the scope makes the next ones without the bean factory
            if (beanFactory instanceof ConfigurableBeanFactory factory
                    && factory.getRegisteredScope(UpdateScope.NAME) instanceof UpdateScope scope) {
                scope.createDirectly(ScopedProxyUtils.getTargetBeanName("fsmDirector"),
                        update -> new Director(update, parts.client(), parts.historySize(), parts.limiter()));
            }
        }
        return new Director(CurrentUpdate.require(), parts.client(), parts.historySize(), parts.limiter());
    }

    /** The singletons every update's Director is built with. */
    private record DirectorParts(@Nullable TelegramClient client, int historySize, OutboundLimiter limiter) {
    }
}
