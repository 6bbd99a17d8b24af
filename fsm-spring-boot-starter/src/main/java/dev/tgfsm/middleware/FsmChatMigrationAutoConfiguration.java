package dev.tgfsm.middleware;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.tgfsm.conversation.ChatMigration;
import dev.tgfsm.conversation.ChatMigrationMiddleware;
import dev.tgfsm.storage.FsmStorage;

/**
 * Auto-configuration of group migrations: a {@link ChatMigration} and its
 * {@link ChatMigrationMiddleware} step (before the lock), which move a group's conversations when it
 * becomes a supergroup. On unless {@code tgfsm.chat-migration.enabled=false}.
 */
@AutoConfiguration(afterName = "dev.tgfsm.autoconfigure.FsmAutoConfiguration") // a name: no package cycle (issue 19)
@ConditionalOnBean(FsmStorage.class)
@ConditionalOnProperty(prefix = "tgfsm.chat-migration", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ChatMigrationProperties.class)
public class FsmChatMigrationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ChatMigration fsmChatMigration(FsmStorage storage, ChatMigrationProperties properties) {
        return new ChatMigration(storage, properties.getLease(), properties.getLockWait());
    }

    @Bean
    @ConditionalOnMissingBean
    ChatMigrationMiddleware fsmChatMigrationMiddleware(ChatMigration migration) {
        return new ChatMigrationMiddleware(migration);
    }
}
