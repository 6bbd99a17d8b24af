package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

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
            assertThat(first.getBean(TelegramClient.class)).isInstanceOf(OkHttpTelegramClient.class);
            api.enqueueMessage(alice, "/start");
            api.enqueueMessage(bob, "hello");
            awaitReplyTo(alice, "What is your name?");
            awaitReplyTo(bob, "Send /start to begin");
            api.enqueueMessage(alice, "Alice");
            awaitReplyTo(alice, "How old are you, Alice?");
        }
        int pollsBefore = api.requests("getUpdates").size();
        try (ConfigurableApplicationContext second = startApplication()) {
            api.awaitRequests("getUpdates", pollsBefore + 1, WAIT);
            api.enqueueMessage(alice, "30");
            awaitReplyTo(alice, "Thanks, Alice (30)");
            api.enqueueMessage(alice, "again?");
            awaitReplyTo(alice, "Send /start to begin");
        }
        assertThat(texts(alice)).containsExactly("What is your name?", "How old are you, Alice?",
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

    private void awaitReplyTo(long chat, String text) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!texts(chat).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No reply '" + text + "' to " + chat + "; got " + texts(chat));
            }
            api.awaitRequests("sendMessage", api.requests("sendMessage").size() + 1, WAIT);
        }
    }

    private List<String> texts(long chat) {
        return api.requests("sendMessage").stream().filter((r) -> String.valueOf(chat).equals(r.param("chat_id")))
                .map((r) -> r.param("text")).toList();
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
