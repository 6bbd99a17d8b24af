package dev.tgfsm.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.util.function.SingletonSupplier;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.annotation.AnnotatedScenes;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.flow.EscapeCommands;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.flow.FlowWiring;
import dev.tgfsm.flow.MessageResolver;
import dev.tgfsm.flow.Messenger;
import dev.tgfsm.flow.TelegramMessenger;
import dev.tgfsm.garbage.GarbageStateRegistry;
import dev.tgfsm.messages.MessageSourceMessageResolver;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.scene.Scene;
import dev.tgfsm.scene.SceneNavigator;

/**
 * Makes the {@link FlowEngine} and the {@link SceneNavigator} of the application's {@link Flow} and
 * {@link Scene} beans (flows, wizards, scenes); the {@link UpdatePipeline} runs
 * them in front of the application's handler (the annotation router, or its own
 * {@link UpdateHandler}). Escape commands ({@code /cancel}, {@code /back},
 * {@code /help}, {@code /start}) work in every state; commands addressed to another bot
 * ({@code tgfsm.bot.username}) are not this bot's. A scene that calls a flow
 * ({@link FlowEngine#call}) is resumed through its back hook when the flow returns.
 */
// after FsmRoutingAutoConfiguration too, which says so (its package uses this one)
@AutoConfiguration(before = FsmAutoConfiguration.class)
@EnableConfigurationProperties({HistoryProperties.class, StateProperties.class, BotProperties.class,
        EscapeProperties.class, FlowCallProperties.class, MessagesProperties.class})
public final class FsmConversationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EscapeCommands fsmEscapeCommands(EscapeProperties properties) {
        return properties.applyTo(EscapeCommands.ofDefaults());
    }

    @Bean
    @ConditionalOnMissingBean
    MessageResolver fsmMessageResolver(ApplicationContext context,
            MessagesProperties properties) {
        return new MessageSourceMessageResolver(context, properties.getDefaultLocale());
    }

    @Bean
    @ConditionalOnMissingBean
    Messenger fsmMessenger(ObjectProvider<TelegramClient> client, ObjectProvider<OutboundLimiter> limiter) {
        return new TelegramMessenger(SingletonSupplier.of(client::getIfAvailable),
                limiter.getIfAvailable(OutboundLimiter::unlimited));
    }

    @Bean
    @ConditionalOnMissingBean
    static AnnotatedScenes fsmAnnotatedScenes(ConfigurableListableBeanFactory beans, BotProperties bot) {
        return new AnnotatedScenes(beans, bot.getUsername());
    }

    @Bean
    @ConditionalOnMissingBean
    SceneNavigator fsmScenes(ObjectProvider<Scene> scenes, AnnotatedScenes annotated,
            HistoryProperties historyProperties,
            BotProperties bot, EscapeCommands escapes) {
        if (historyProperties.getSize() < 1) {
            throw new FsmConfigurationException("tgfsm.history.size must be at least 1, was "
                    + historyProperties.getSize() + ".", "Set tgfsm.history.size to 1 or more (default 10).");
        }
        List<Scene> all = new ArrayList<>(scenes.orderedStream().toList());
        all.addAll(annotated.scenes());
        SceneNavigator result = new SceneNavigator(all, historyProperties.getSize(), escapes.back());
        result.setBotUsername(bot.getUsername());
        return result;
    }

    @Bean
    @ConditionalOnMissingBean
    FlowEngine fsmFlowEngine(ObjectProvider<Flow> flows, Messenger messenger, EscapeCommands escapes,
            HistoryProperties historyProperties, StateProperties stateProperties, BotProperties bot,
            MessageResolver messages,
            ObjectProvider<GarbageStateRegistry> garbage, FlowCallProperties calls,
            ObjectProvider<SceneNavigator> scenes, EscapeProperties escapeProperties,
            ObjectProvider<UpdateHandler> handler, ObjectProvider<AnnotatedScenes> annotatedScenes) {
        FlowEngine engine = new FlowEngine(flows.orderedStream().toList(), messenger, escapes,
                stateProperties.getAliases(), stateProperties.getUnknownPolicy(), messages);
        if (calls.getMaxCallDepth() < 1) {
            throw new FsmConfigurationException("tgfsm.flows.max-call-depth must be at least 1, was "
                    + calls.getMaxCallDepth() + ".",
                    "Set tgfsm.flows.max-call-depth to 1 or more (default "
                            + FlowEngine.DEFAULT_MAX_CALL_DEPTH + ").");
        }
        engine.setMaxCallDepth(calls.getMaxCallDepth());
        engine.setSubFlowCancel(calls.getSubFlowCancel());
        scenes.ifAvailable(all -> all.callableFrom(engine));
        garbage.ifAvailable(registry -> FlowWiring.garbage(engine, registry));
        engine.setBotUsername(bot.getUsername());
        engine.setStateHistorySize(escapeProperties.isStateHistory() ? historyProperties.getSize() : 0);
        engine.setCancelKeepsData(escapeProperties.isCancelKeepsData());
        engine.setHandlerTakesEscape(new EscapeOverride(handler, annotatedScenes));
        return engine;
    }
}
