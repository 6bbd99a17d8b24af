package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.outbound.FloodControlledTelegramClient;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * The whole stack against a local Bot API server: TelegramBots' long-polling starter and
 * {@link OkHttpTelegramClient} pointed at it through {@code tgfsm.bot.api-url}, the starter's
 * dispatcher, a SQLite file store, and a three-step flow. The application is closed in the middle of
 * the flow and started again: the conversation continues at the right step.
 */
class TelegramEndToEndIT {

    private static final String TOKEN = "777000:e2e-test-token";

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private LocalBotApiServer api;

    @BeforeEach
    void startApi() throws Exception {
        api = LocalBotApiServer.start();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void conversationRunsOverLongPollingAndSurvivesARestart() {
        long alice = 501;
        long bob = 502;
        try (ConfigurableApplicationContext first = startApplication()) {
            assertThat(first.getBean(FsmStorage.class)).isInstanceOf(JdbcFsmStorage.class);
            assertThat(first.getBean(OkHttpTelegramClient.class)).isNotNull();
            assertThat(FloodControlledTelegramClient.isFloodControlled(first.getBean(TelegramClient.class))).isTrue();
            api.enqueueMessage(alice, "/start");
            api.enqueueMessage(bob, "hello");
            api.awaitText(alice, "What is your name?", WAIT);
            api.awaitText(bob, "Send /start to begin", WAIT);
            api.enqueueMessage(alice, "Alice");
            api.awaitText(alice, "How old are you, Alice?", WAIT);
        }
        int pollsBefore = api.requests("getUpdates").size();
        try (ConfigurableApplicationContext second = startApplication()) {
            api.awaitRequests("getUpdates", pollsBefore + 1, WAIT);
            api.enqueueMessage(alice, "30");
            api.awaitText(alice, "Thanks, Alice (30)", WAIT);
            api.enqueueMessage(alice, "again?");
            api.awaitText(alice, "Send /start to begin", WAIT);
        }
        assertThat(api.texts(alice)).containsExactly("What is your name?", "How old are you, Alice?",
                "Thanks, Alice (30)", "Send /start to begin");
        assertThat(api.requests("getMe").size() + api.requests("deleteWebhook").size()).isPositive();
        assertThat(api.requests()).allMatch((r) -> r.token().equals(TOKEN));
    }

    private ConfigurableApplicationContext startApplication() {
        return new SpringApplicationBuilder(FlowApplication.class).web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(),
                        "tgfsm.storage.type=jdbc",
                        "spring.datasource.url=jdbc:sqlite:" + dir.resolve("fsm.db"),
                        "tgfsm.dispatcher.shutdown-timeout=10s")
                .run();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class FlowApplication {

        @Bean
        UpdateHandler threeStepFlow(TelegramClient client) {
            return new ThreeStepFlow(client);
        }
    }
}
