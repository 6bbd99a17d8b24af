package dev.tgfsm.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;

import dev.tgfsm.autoconfigure.AdminProperties;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationHandlesAutoConfiguration;
import dev.tgfsm.autoconfigure.actuator.FsmConversationsEndpointAutoConfiguration;
import dev.tgfsm.autoconfigure.middleware.ChatMigrationProperties;
import dev.tgfsm.autoconfigure.middleware.FsmChatMigrationAutoConfiguration;
import dev.tgfsm.conversation.ChatMigrationMiddleware;
import dev.tgfsm.readme.ReadmeSnippets;

/**
 * The README's YAML of the conversations endpoint and of group migrations binds as the README says,
 * and turns the beans on and off as it says.
 */
class ReadmeOperationsSnippetTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class,
                    FsmConversationHandlesAutoConfiguration.class, FsmConversationsEndpointAutoConfiguration.class,
                    FsmChatMigrationAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory");

    private ApplicationContextRunner with(String snippet) {
        List<PropertySource<?>> sources = ReadmeSnippets.yamlSources(snippet);
        return runner
                .withInitializer(context -> sources.forEach(context.getEnvironment().getPropertySources()::addFirst));
    }

    @Test
    void theAdminSnippetBindsItsDefaults() {
        with("admin-endpoint").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(FsmConversationsEndpoint.class);
            AdminProperties admin = context.getBean(AdminProperties.class);
            assertThat(admin.isWritesEnabled()).isFalse();
            assertThat(admin.getMaxValueChars()).isEqualTo(AdminProperties.DEFAULT_MAX_VALUE_CHARS);
            assertThat(context.getEnvironment().getProperty("management.endpoints.web.exposure.include"))
                    .isEqualTo("health, fsmconversations");
        });
    }

    @Test
    void groupMigrationsAreOnByDefaultAndTheSnippetKeepsThemOn() {
        runner.run(context -> assertThat(context).hasSingleBean(ChatMigrationMiddleware.class));
        with("chat-migration").run(context -> {
            assertThat(context).hasSingleBean(ChatMigrationMiddleware.class);
            assertThat(context.getBean(ChatMigrationProperties.class).isEnabled()).isTrue();
        });
        runner.withPropertyValues("tgfsm.chat-migration.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ChatMigrationMiddleware.class));
    }
}
