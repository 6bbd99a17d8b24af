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
import org.springframework.context.annotation.Import;

import dev.tgfsm.annotation.AnnotationRoutingHandler;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * The whole stack with annotation routing: a {@code @BotController} three-step flow behind
 * TelegramBots' long polling, replies through the Director's {@code TelegramClient}, state in an H2
 * file that the JDBC backend is detected from; the application is restarted mid-flow.
 */
class BotControllerEndToEndIT {

    private static final String TOKEN = "888000:e2e-controller-token";

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
    void botControllerFlowContinuesAfterARestart() {
        long carol = 601;
        try (ConfigurableApplicationContext first = startApplication()) {
            assertThat(first.getBean(UpdateHandler.class)).isInstanceOf(AnnotationRoutingHandler.class);
            assertThat(first.getBean(dev.tgfsm.pipeline.UpdatePipeline.class).unitOfWorkSteps()).isNotEmpty();
            assertThat(first.getBean(AnnotationRoutingHandler.class)).isNotNull();
            api.enqueueMessage(carol, "hi");
            api.awaitText(carol, "Send /start to begin", WAIT);
            api.enqueueMessage(carol, "/start");
            api.awaitText(carol, "What is your name?", WAIT);
            api.enqueueMessage(carol, "Carol");
            api.awaitText(carol, "How old are you, Carol?", WAIT);
        }
        int pollsBefore = api.requests("getUpdates").size();
        try (ConfigurableApplicationContext second = startApplication()) {
            api.awaitRequests("getUpdates", pollsBefore + 1, WAIT);
            api.enqueueMessage(carol, "41");
            api.awaitText(carol, "Thanks, Carol (41)", WAIT);
        }
        assertThat(api.texts(carol)).containsExactly("Send /start to begin", "What is your name?",
                "How old are you, Carol?", "Thanks, Carol (41)");
    }

    private ConfigurableApplicationContext startApplication() {
        return new SpringApplicationBuilder(ControllerApplication.class).web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(),
                        "spring.data.redis.repositories.enabled=false",
                        "spring.autoconfigure.exclude=org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
                        "spring.datasource.url=jdbc:h2:file:" + dir.resolve("fsm").toAbsolutePath())
                .run();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(RegistrationFlowController.class)
    static class ControllerApplication {
    }
}
