package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * An application whose Bot API cannot be reached at start-up starts anyway: long polling retries
 * with a back-off, the {@code fsmIntake} health indicator says why it is DOWN, and updates flow as
 * soon as the Bot API answers: a server that comes up only later on the configured port, and one
 * that answers 502 for a while; a webhook registration that fails is retried and reported the same
 * way.
 */
class StartupResilienceIT {

    private static final String TOKEN = "777002:startup-test-token";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final List<String> handled = new CopyOnWriteArrayList<>();

    @BeforeEach
    void reset() {
        handled.clear();
    }

    @Test
    void aBotApiThatStartsLaterIsReportedDownThenUpdatesFlowOnceItAppears() throws Exception {
        int port = freePort();
        try (ConfigurableApplicationContext context = startApplication("http://127.0.0.1:" + port)) {
            HealthIndicator health = context.getBean("fsmIntakeHealthIndicator", HealthIndicator.class);
            awaitTrue(() -> failures(health) >= 2, "two failed attempts reported");
            Health down = health.health(true);
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(String.valueOf(bot(down).get("reason"))).as("the reason, without the token")
                    .containsIgnoringCase("connect").doesNotContain("startup-test-token");
            assertThat(context.isRunning()).isTrue();

            try (LocalBotApiServer api = LocalBotApiServer.start(port)) {
                int id = api.enqueueMessage(11, "hello");
                awaitTrue(() -> handled.contains("hello"), "the update is handled once the Bot API is up");
                awaitTrue(() -> api.confirmedOffset() > id, "and confirmed");
                assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
                assertThat(api.requests("deleteWebhook")).as("the start-up call was made once it could be")
                        .hasSize(1);
            }
        }
    }

    @Test
    void aBotApiAnswering5xxIsReportedDownWithItsAnswerThenUpdatesFlowWhenItRecovers() throws Exception {
        try (LocalBotApiServer api = LocalBotApiServer.start()) {
            api.failWith(502);
            try (ConfigurableApplicationContext context = startApplication(api.url())) {
                HealthIndicator health = context.getBean("fsmIntakeHealthIndicator", HealthIndicator.class);
                awaitTrue(() -> failures(health) >= 2, "two failed attempts reported");
                Health down = health.health(true);
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(String.valueOf(bot(down).get("reason"))).contains("502");
                int id = api.enqueueMessage(12, "after the outage");

                api.failWith(0);
                awaitTrue(() -> handled.contains("after the outage"), "the update is handled after recovery");
                awaitTrue(() -> api.confirmedOffset() > id, "and confirmed");
                assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
                assertThat(bot(health.health(true))).containsEntry("state", "UP").doesNotContainKey("reason");
            }
        }
    }

    @Test
    void aWebhookRegistrationThatFailsIsReportedDownThenUpOnceTelegramAcceptsIt() throws Exception {
        try (LocalBotApiServer api = LocalBotApiServer.start()) {
            api.failWith(503);
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ResilientApplication.class)
                    .web(WebApplicationType.SERVLET)
                    .properties("server.port=0", "tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(),
                            "tgfsm.storage.type=memory", "tgfsm.bot.webhook.enabled=true",
                            "tgfsm.bot.webhook.url=https://bot.example.test/telegram/webhook")
                    .run()) {
                HealthIndicator health = context.getBean("fsmIntakeHealthIndicator", HealthIndicator.class);
                awaitTrue(() -> failures(health) >= 1, "a failed setWebhook reported");
                assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
                assertThat(String.valueOf(bot(health.health(true)).get("reason"))).contains("setWebhook");

                api.failWith(0);
                awaitTrue(() -> context.getBean(WebhookRegistration.class).isRegistered(), "registered on a retry");
                assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
                assertThat(api.requests("setWebhook")).hasSize(1);
            }
        }
    }

    private static ConfigurableApplicationContext startApplication(String apiUrl) {
        return new SpringApplicationBuilder(ResilientApplication.class).web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + apiUrl, "tgfsm.storage.type=memory",
                        "tgfsm.bot.polling.timeout=1s", "tgfsm.bot.polling.max-back-off=400ms",
                        "tgfsm.dispatcher.shutdown-timeout=5s")
                .run();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bot(Health health) {
        Map<String, Object> bots = (Map<String, Object>) health.getDetails().get("bots");
        return (Map<String, Object>) bots.get(IntakeStatus.DEFAULT_BOT);
    }

    private static int failures(HealthIndicator health) {
        Object failures = bot(health.health(true)).get("failures");
        return failures == null ? 0 : (Integer) failures;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + WAIT + ": " + what);
            }
            Thread.sleep(10);
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ResilientApplication {

        @Bean
        UpdateHandler recordingHandler() {
            return (u) -> {
                u.context().updateData("seen", true);
                handled.add(u.update().getMessage().getText());
            };
        }
    }
}
