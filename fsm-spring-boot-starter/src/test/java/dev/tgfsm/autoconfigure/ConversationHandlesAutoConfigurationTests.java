package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.conversation.Conversations;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.pipeline.UpdatePipeline;

/**
 * The {@link Conversations} bean: registered with the auto-configured dispatcher under the default
 * bot's name, with one the application defines itself, and replaced by the application's own.
 */
class ConversationHandlesAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class, FsmConversationAutoConfiguration.class,
                    FsmConversationHandlesAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory", "tgfsm.bot.id=42");

    @Test
    void conversationsDriveTheAutoConfiguredDispatchersBot() {
        runner.run(context -> {
            Conversations conversations = context.getBean(Conversations.class);

            conversations.of(7, 7).setState("Reminded").get(10, TimeUnit.SECONDS);

            assertThat(conversations.of(7, 7).botId()).isEqualTo(42);
            assertThat(conversations.forBot("default").of(7, 7).botId()).isEqualTo(42);
            assertThat(context.getBean(FsmContexts.class).writeThrough(StorageKey.of(42, 7, 7)).getState())
                    .isEqualTo("Reminded");
        });
    }

    @Test
    void aDispatcherTheApplicationDefinesIsRegisteredToo() {
        runner.withUserConfiguration(OwnDispatcher.class).run(context -> {
            Conversations conversations = context.getBean(Conversations.class);

            conversations.of(8, 8).updateData(Map.of("paid", true)).get(10, TimeUnit.SECONDS);

            assertThat(conversations.of(8, 8).botId()).isEqualTo(77);
            assertThat(context.getBean(FsmContexts.class).writeThrough(StorageKey.of(77, 8, 8)).getData())
                    .containsEntry("paid", true);
        });
    }

    @Test
    void theApplicationsOwnConversationsReplaceTheAutoConfiguredOnes() {
        Conversations own = new Conversations(null, null);
        runner.withBean(Conversations.class, () -> own).run(context -> {
            assertThat(context.getBean(Conversations.class)).isSameAs(own);
            assertThat(context).hasSingleBean(FlowEngine.class);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDispatcher {

        @Bean
        UpdateDispatcher ownDispatcher(FsmContexts contexts) {
            return new UpdateDispatcher(77, KeyStrategy.USER_IN_CHAT, contexts, UpdatePipeline.of(u -> {}),
                    DispatcherConfig.ofDefaults(), null);
        }
    }
}
