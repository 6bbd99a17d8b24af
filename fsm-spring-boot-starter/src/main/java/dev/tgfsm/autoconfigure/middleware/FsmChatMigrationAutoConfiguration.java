package dev.tgfsm.autoconfigure.middleware;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.conversation.ChatMigration;
import dev.tgfsm.conversation.ChatMigrationMiddleware;
import dev.tgfsm.storage.FsmStorage;

/**
 * Auto-configuration of group migrations: a {@link ChatMigration} and its
 * {@link ChatMigrationMiddleware} step (before the lock), which move a group's conversations when it
 * becomes a supergroup. On unless {@code tgfsm.chat-migration.enabled=false}.
 */
@AutoConfiguration(after = FsmAutoConfiguration.class)
@ConditionalOnBean(FsmStorage.class)
@ConditionalOnProperty(prefix = "tgfsm.chat-migration", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ChatMigrationProperties.class)
public final class FsmChatMigrationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ChatMigration fsmChatMigration(FsmStorage storage, ChatMigrationProperties properties,
            ObjectProvider<ContextConfig> options, @Qualifier("fsmClock") ObjectProvider<Clock> clock) {
        ContextConfig contextConfig = options.getIfAvailable();
        Clock fsmClock = clock.getIfAvailable();
        if (contextConfig == null || fsmClock == null) {
            return new ChatMigration(storage, properties.getLease(), properties.getLockWait());
        }
        // moved records keep their lifetime: the conversation's TTL counted from their last write, none for prefs
        return new ChatMigration(storage, properties.getLease(), properties.getLockWait(), contextConfig::ttlFor,
                fsmClock);
    }

    @Bean
    @ConditionalOnMissingBean
    ChatMigrationMiddleware fsmChatMigrationMiddleware(ChatMigration migration) {
        return new ChatMigrationMiddleware(migration);
    }
}
