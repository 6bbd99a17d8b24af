package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnCallback;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.annotation.OnEditedMessage;
import dev.tgfsm.annotation.OnUpdate;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * {@code getUpdates} asks Telegram for the update kinds the application routes
 * ({@code allowed_updates}), as the local Bot API server records them: a {@code @BotController} with
 * command, edited-message and callback routes asks for those three; a catch-all {@code @OnUpdate}
 * asks for every kind, listed in full; the property overrides both; a kind that does not exist fails
 * the start-up.
 */
@ExtendWith(OutputCaptureExtension.class)
class AllowedUpdatesIT {

    private static final String TOKEN = "777003:allowed-updates-token";

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
    void pollingAsksForTheKindsTheControllersRoute() {
        try (ConfigurableApplicationContext context = start(RoutedApplication.class)) {
            assertThat(allowedUpdates()).containsExactly("message", "edited_message", "callback_query");
        }
    }

    @Test
    void aCatchAllHandlerAsksForEveryKindByName() {
        try (ConfigurableApplicationContext context = start(CatchAllApplication.class)) {
            assertThat(allowedUpdates()).isEqualTo(AllowedUpdateTypes.ALL).contains("chat_member",
                    "message_reaction");
        }
    }

    @Test
    void thePropertyOverridesTheDerivedKinds() {
        try (ConfigurableApplicationContext context = start(RoutedApplication.class,
                "tgfsm.bot.polling.allowed-updates=message,poll_answer")) {
            assertThat(allowedUpdates()).containsExactly("message", "poll_answer");
        }
    }

    @Test
    void aKindThatDoesNotExistFailsTheStartUpAndSaysWhichOnesDo(CapturedOutput output) {
        assertThatThrownBy(() -> start(RoutedApplication.class, "tgfsm.bot.polling.allowed-updates=message,mesage"))
                .satisfies((failure) -> {
                    Throwable bind = failure;
                    while (bind != null && !(bind instanceof BindException)) {
                        bind = bind.getCause();
                    }
                    assertThat(bind).as("a bind error in %s", failure).isInstanceOf(BindException.class);
                    assertThat(((BindException) bind).getProperty().getName())
                            .hasToString("tgfsm.bot.polling.allowed-updates");
                })
                .rootCause().hasMessageContaining("mesage");
        assertThat(output).contains("Failed to bind properties under 'tgfsm.bot.polling.allowed-updates'")
                .contains("The following values are valid:").contains("CALLBACK_QUERY").contains("POLL_ANSWER");
        assertThat(api.requests("getUpdates")).isEmpty();
    }

    private List<String> allowedUpdates() {
        return api.allowedUpdates(Duration.ofSeconds(20));
    }

    private ConfigurableApplicationContext start(Class<?> application, String... extra) {
        return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(), "tgfsm.storage.type=memory",
                        "tgfsm.bot.polling.timeout=1s", "tgfsm.dispatcher.shutdown-timeout=5s")
                .properties(extra).run();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(RoutedController.class)
    static class RoutedApplication {
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({RoutedController.class, CatchAllController.class})
    static class CatchAllApplication {
    }

    /** Routes commands, edited messages and callback queries. */
    @BotController
    public static class RoutedController {

        @OnCommand("start")
        public void start() {
        }

        @OnEditedMessage
        public void edited() {
        }

        @OnCallback(prefix = "pick:")
        public void pick() {
        }
    }

    /** Takes any update no other route took. */
    @BotController
    public static class CatchAllController {

        @OnUpdate(priority = -1)
        public void anything() {
        }
    }
}
