package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * {@code tgfsm.bot.webhook.drop-pending-updates}, seen from the local Bot API server: the start-up
 * {@code setWebhook} of the real TelegramBots client carries {@code drop_pending_updates=true} only
 * when the property says so; without it (or with {@code false}) it carries {@code false}, and the
 * {@code deleteWebhook} long polling makes at start-up never drops the updates Telegram holds.
 */
class WebhookDropPendingUpdatesIT {

    private static final String TOKEN = "888001:drop-pending-token";

    private static final Duration WAIT = Duration.ofSeconds(20);

    private LocalBotApiServer api;

    @BeforeEach
    void startApi() throws Exception {
        api = LocalBotApiServer.start();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    private ConfigurableApplicationContext webhookApplication(String... more) {
        return new SpringApplicationBuilder(QuietApplication.class).web(WebApplicationType.SERVLET)
                .properties("server.port=0", "tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(),
                        "tgfsm.storage.type=memory", "tgfsm.bot.webhook.enabled=true",
                        "tgfsm.bot.webhook.url=https://bot.example.test/telegram/webhook")
                .properties(more).run();
    }

    /** Waits for the one start-up setWebhook and returns its drop_pending_updates. */
    private String startUpDropPendingUpdates(ConfigurableApplicationContext app) {
        List<LocalBotApiServer.Request> calls = api.awaitRequests("setWebhook", 1, WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        WebhookRegistration registration = app.getBean(WebhookRegistration.class);
        while (!registration.isRegistered() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(registration.isRegistered()).as("Telegram's answer was read").isTrue();
        assertThat(api.requests("setWebhook")).as("one setWebhook at start-up").hasSize(1);
        assertThat(api.requests("deleteWebhook")).as("the webhook mode never deletes the webhook").isEmpty();
        return calls.get(0).param("drop_pending_updates");
    }

    @Test
    void setWebhookDropsPendingUpdatesWhenThePropertySaysSo() {
        try (ConfigurableApplicationContext app = webhookApplication("tgfsm.bot.webhook.drop-pending-updates=true")) {
            assertThat(startUpDropPendingUpdates(app)).isEqualTo("true");
        }
    }

    @Test
    void setWebhookKeepsPendingUpdatesWithoutTheProperty() {
        try (ConfigurableApplicationContext app = webhookApplication()) {
            assertThat(startUpDropPendingUpdates(app)).as("unset: Telegram keeps what it holds").isEqualTo("false");
        }
    }

    @Test
    void setWebhookKeepsPendingUpdatesWhenThePropertyIsFalse() {
        try (ConfigurableApplicationContext app = webhookApplication("tgfsm.bot.webhook.drop-pending-updates=false")) {
            assertThat(startUpDropPendingUpdates(app)).isEqualTo("false");
        }
    }

    @Test
    void longPollingDeletesTheWebhookWithoutDroppingPendingUpdates() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(QuietApplication.class)
                .web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(), "tgfsm.storage.type=memory",
                        "tgfsm.bot.polling.timeout=1s")
                .run()) {
            List<LocalBotApiServer.Request> calls = api.awaitRequests("deleteWebhook", 1, WAIT);
            api.awaitRequests("getUpdates", 1, WAIT);
            assertThat(api.requests("deleteWebhook")).as("one deleteWebhook, before polling").hasSize(1);
            assertThat(calls.get(0).param("drop_pending_updates")).as("the updates Telegram holds are kept")
                    .isEqualTo("false");
            assertThat(api.requests("setWebhook")).isEmpty();
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class QuietApplication {

        @Bean
        UpdateHandler quiet() {
            return u -> u.context().setState("seen");
        }
    }
}
