package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.tgfsm.conversation.Conversations;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.wizard.Wizard;

/**
 * {@link Conversations} in an application serving two bots: {@code of} drives the default bot's
 * conversation and {@code forBot("support")} the support bot's, each prompt going out through its own
 * bot, and the user answers the bot that asked.
 */
class SeveralBotsConversationsIT {

    @RegisterExtension
    final TwoBots bots = new TwoBots();

    @Test
    void eachBotsConversationIsDrivenThroughItsOwnBot() throws Exception {
        long user = 701;
        try (ConfigurableApplicationContext app = bots.application(FeedbackApplication.class,
                WebApplicationType.NONE, bots.supportBot()).run()) {
            Conversations conversations = app.getBean(Conversations.class);

            conversations.forBot("support").of(user, user).startFlow("feedback").get(30, TimeUnit.SECONDS);
            conversations.of(user, user).startFlow("feedback").get(30, TimeUnit.SECONDS);
            bots.support.awaitText(user, "How did we do?", TwoBots.WAIT);
            bots.main.awaitText(user, "How did we do?", TwoBots.WAIT);
            bots.support.enqueueMessage(user, "Well");
            bots.support.awaitText(user, "Why, Well?", TwoBots.WAIT);

            assertThat(bots.main.texts(user)).containsExactly("How did we do?");
            assertThat(bots.support.texts(user)).containsExactly("How did we do?", "Why, Well?");
            assertThat(conversations.forBot("support").of(user, user).botId()).isEqualTo(920002L);
            assertThat(conversations.forBot("default").of(user, user).botId()).isEqualTo(910001L);
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class FeedbackApplication {

        @Bean
        Flow feedback() {
            return Wizard.named("feedback").step("grade", s -> s.prompt("How did we do?"))
                    .step("why", s -> s.prompt(v -> "Why, " + v.get("grade") + "?")).build();
        }
    }
}
