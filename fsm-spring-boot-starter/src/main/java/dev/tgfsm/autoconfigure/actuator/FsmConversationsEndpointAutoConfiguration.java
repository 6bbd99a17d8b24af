package dev.tgfsm.autoconfigure.actuator;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.tgfsm.actuator.FsmConversationsEndpoint;
import dev.tgfsm.autoconfigure.AdminProperties;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationHandlesAutoConfiguration;
import dev.tgfsm.autoconfigure.KeyProperties;
import dev.tgfsm.conversation.Conversations;
import dev.tgfsm.storage.FsmStorage;

/**
 * Auto-configuration of the {@code fsmconversations} actuator endpoint ({@link FsmConversationsEndpoint}).
 * The bean is always there with the actuator on the class path, but Spring Boot only serves it where
 * the application exposes it ({@code management.endpoints.web.exposure.include=fsmconversations}), and
 * its reset answers 403 unless {@code tgfsm.admin.writes-enabled=true}. Secure the actuator (Spring
 * Security) before exposing it: it shows users' data.
 */
@AutoConfiguration(after = {FsmAutoConfiguration.class, FsmConversationHandlesAutoConfiguration.class})
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean({FsmStorage.class, Conversations.class})
@EnableConfigurationProperties(AdminProperties.class)
public final class FsmConversationsEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FsmConversationsEndpoint fsmConversationsEndpoint(FsmStorage storage, Conversations conversations,
            KeyProperties keyProperties, AdminProperties admin) {
        return new FsmConversationsEndpoint(storage, conversations, keyProperties.getStrategy(),
                admin.getMaxValueChars(), admin.isWritesEnabled());
    }
}
