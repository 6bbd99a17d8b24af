package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.tgfsm.testing.LocalBotApiServer;

/**
 * {@code setWebhook} asks for the update kinds the controllers and scenes of
 * {@link UpdateKindsEndToEndIT} route, as {@code getUpdates} does.
 */
class UpdateKindsWebhookIT {

    private LocalBotApiServer api;

    private ConfigurableApplicationContext application;

    @BeforeEach
    void start() throws Exception {
        api = LocalBotApiServer.start();
        application = new SpringApplicationBuilder(UpdateKindsEndToEndIT.KindsApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties("server.port=0", "tgfsm.bot.token=777018:kinds-webhook-token",
                        "tgfsm.bot.api-url=" + api.url(),
                        "tgfsm.storage.type=memory", "tgfsm.bot.webhook.enabled=true",
                        "tgfsm.bot.webhook.url=https://bot.example.test/telegram/webhook")
                .run();
    }

    @AfterEach
    void stop() {
        application.close();
        api.close();
    }

    @Test
    void setWebhookAsksForEveryKindTheControllersAndScenesRoute() {
        LocalBotApiServer.Request registered = api.awaitRequests("setWebhook", 1, Duration.ofSeconds(20)).get(0);
        assertThat(registered.param("allowed_updates")).isEqualTo("[\"message\",\"channel_post\",\"message_reaction\","
                + "\"inline_query\",\"callback_query\",\"pre_checkout_query\",\"poll_answer\",\"my_chat_member\","
                + "\"chat_member\",\"chat_join_request\"]");
    }
}
