package dev.tgfsm.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.function.SingletonSupplier;

import dev.tgfsm.conversation.Conversations;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.telegram.BotIdentity;
import dev.tgfsm.telegram.FsmBots;
import dev.tgfsm.telegram.IntakeStatus;

/**
 * Auto-configuration of {@link Conversations}: the injectable handle that drives any user's
 * conversation from outside an update (a {@code @Scheduled} job, a payment webhook, an admin
 * action) in the same turn and under the same lock as that user's updates. Every bot's dispatcher
 * is registered with it, the default bot ({@code tgfsm.bot}) first, the bots of {@code tgfsm.bots}
 * by their names; a dispatcher the application defines itself is registered once the context is
 * built.
 */
@AutoConfiguration(after = {FsmAutoConfiguration.class, FsmConversationAutoConfiguration.class})
public final class FsmConversationHandlesAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Conversations fsmConversations(ObjectProvider<FlowEngine> flows, ObjectProvider<SceneNavigator> scenes) {
        // looked up when first used: a flow bean may inject the conversations
        return Conversations.lookingUp(SingletonSupplier.of(flows::getIfAvailable),
                SingletonSupplier.of(scenes::getIfAvailable));
    }

    /** Registers each bot's dispatcher with the conversations as it is made. */
    @Bean
    @ConditionalOnMissingBean(name = "fsmConversationsCustomizer")
    UpdateDispatcherCustomizer fsmConversationsCustomizer(ObjectProvider<Conversations> conversations,
            ObjectProvider<FsmBots> bots) {
        return dispatcher -> conversations.ifAvailable(c -> c.register(nameOf(dispatcher, bots), dispatcher));
    }

    /** Registers a dispatcher the application defined itself (customizers do not see it). */
    @Bean
    @ConditionalOnMissingBean(name = "fsmConversationsRegistration")
    SmartInitializingSingleton fsmConversationsRegistration(ObjectProvider<Conversations> conversations,
            ObjectProvider<UpdateDispatcher> dispatcher, ObjectProvider<FsmBots> bots) {
        return () -> conversations.ifAvailable(c -> dispatcher.ifUnique(d -> c.register(nameOf(d, bots), d)));
    }

    private static String nameOf(UpdateDispatcher dispatcher, ObjectProvider<FsmBots> bots) {
        FsmBots registry = bots.getIfAvailable();
        if (registry != null) {
            BotIdentity identity = registry.identity(dispatcher.botId());
            if (identity.id() == dispatcher.botId()) {
                return identity.name();
            }
        }
        return IntakeStatus.DEFAULT_BOT;
    }
}
