package dev.tgfsm.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.telegram.telegrambots.meta.generics.TelegramClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.annotation.AnnotatedScenes;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.flow.EscapeCommands;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.flow.MessageResolver;
import dev.tgfsm.flow.Messenger;
import dev.tgfsm.flow.TelegramMessenger;
import dev.tgfsm.messages.MessageSourceMessageResolver;
import dev.tgfsm.scene.Scene;
import dev.tgfsm.scene.Scenes;

/**
 * Runs the application's {@link Flow} and {@link Scene} beans (flows, wizards, scenes) in front of
 * its handlers: the dispatcher's handler becomes {@code FlowEngine -> Scenes -> the application's
 * UpdateHandler} (the annotation router, or the application's own). Escape commands
 * ({@code /cancel}, {@code /back}, {@code /help}, {@code /start}) work in every state.
 */
@AutoConfiguration(afterName = "dev.tgfsm.annotation.FsmRoutingAutoConfiguration",
        beforeName = "dev.tgfsm.autoconfigure.FsmAutoConfiguration")
@EnableConfigurationProperties({FsmProperties.class, EscapeProperties.class})
public class FsmConversationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EscapeCommands fsmEscapeCommands(EscapeProperties properties) {
        return properties.applyTo(EscapeCommands.defaults());
    }

    @Bean
    @ConditionalOnMissingBean
    MessageResolver fsmMessageResolver(org.springframework.context.ApplicationContext context) {
        return new MessageSourceMessageResolver(context);
    }

    @Bean
    @ConditionalOnMissingBean
    Messenger fsmMessenger(ObjectProvider<TelegramClient> client) {
        return new TelegramMessenger(client::getIfAvailable);
    }

    @Bean
    @ConditionalOnMissingBean
    static AnnotatedScenes fsmAnnotatedScenes(org.springframework.beans.factory.config.ConfigurableListableBeanFactory beans,
            org.springframework.core.env.Environment environment) {
        return new AnnotatedScenes(beans, environment.getProperty("tgfsm.bot.username"));
    }

    @Bean
    @ConditionalOnMissingBean
    Scenes fsmScenes(ObjectProvider<Scene> scenes, AnnotatedScenes annotated, FsmProperties properties,
            EscapeCommands escapes, ListableBeanFactory beans) {
        if (properties.getHistory().getSize() < 1) {
            throw new FsmConfigurationException("tgfsm.history.size must be at least 1, was "
                    + properties.getHistory().getSize() + ".", "Set tgfsm.history.size to 1 or more (default 10).");
        }
        List<Scene> all = new ArrayList<>(scenes.orderedStream().toList());
        all.addAll(annotated.scenes());
        return new Scenes(all, properties.getHistory().getSize(), new ApplicationHandler(beans), escapes.back());
    }

    /** The top of the handler chain, so it is the {@link UpdateHandler} an application gets injected. */
    @Bean
    @org.springframework.context.annotation.Primary
    @ConditionalOnMissingBean
    FlowEngine fsmFlowEngine(ObjectProvider<Flow> flows, Messenger messenger, EscapeCommands escapes, Scenes scenes,
            FsmProperties properties, MessageResolver messages,
            ObjectProvider<dev.tgfsm.garbage.GarbageStateRegistry> garbage) {
        FlowEngine engine = new FlowEngine(flows.orderedStream().toList(), messenger, escapes, scenes,
                properties.getStates().getAliases(), properties.getStates().getUnknownPolicy(), messages);
        garbage.ifAvailable(engine::setGarbage);
        return engine;
    }

    /**
     * The application's own handler: the one {@link UpdateHandler} bean that is not part of the
     * conversation engine, looked up when the first update arrives.
     */
    static final class ApplicationHandler implements UpdateHandler {

        private final ListableBeanFactory beans;

        private volatile UpdateHandler resolved;

        ApplicationHandler(ListableBeanFactory beans) {
            this.beans = beans;
        }

        @Override
        public void handle(dev.tgfsm.dispatch.UpdateContext update) throws Exception {
            UpdateHandler handler = resolved;
            if (handler == null) {
                handler = resolve();
                resolved = handler;
            }
            handler.handle(update);
        }

        private UpdateHandler resolve() {
            List<String> names = new ArrayList<>();
            for (String name : beans.getBeanNamesForType(UpdateHandler.class, true, false)) {
                Class<?> type = beans.getType(name);
                if (type != null && !FlowEngine.class.isAssignableFrom(type) && !Scenes.class.isAssignableFrom(type)) {
                    names.add(name);
                }
            }
            if (names.isEmpty()) {
                return new NoUpdateHandler();
            }
            if (names.size() > 1) {
                throw new FsmConfigurationException("Several UpdateHandler beans: " + names,
                        "Keep one UpdateHandler bean (or none and use @BotController classes).");
            }
            return beans.getBean(names.get(0), UpdateHandler.class);
        }
    }

}
