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

import dev.tgfsm.flow.LibraryText;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * The escape commands in plain {@code @BotController} states, through TelegramBots' long polling
 * against the local Bot API server: {@code /back} goes back through the states the handlers set,
 * {@code /cancel} leaves them unless a handler declared for the current state takes it, {@code /start}
 * and {@code /cancel} leave scenes the same way unless the scene declares the command, and in a
 * group a command addressed to another bot reaches no escape, route or fallback.
 */
class EscapesEndToEndIT {

    private static final String TOKEN = "888001:e2e-escapes-token";

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
    void escapesWorkInPlainStatesAndOnlyAHandlerForTheCurrentStateWins() {
        long ann = 701;
        try (ConfigurableApplicationContext app = startApplication()) {
            api.enqueueMessage(ann, "/form");
            api.awaitText(ann, "Name?", WAIT);
            api.enqueueMessage(ann, "/back");
            api.awaitText(ann, "This is the first step.", WAIT);
            api.enqueueMessage(ann, "Ann");
            api.awaitText(ann, "City, Ann?", WAIT);
            api.enqueueMessage(ann, "/back");
            api.awaitText(ann, LibraryText.WENT_BACK.english(), WAIT);
            api.enqueueMessage(ann, "Bob");
            api.awaitText(ann, "City, Bob?", WAIT);
            api.enqueueMessage(ann, "/cancel");
            api.awaitText(ann, "Finish the city first", WAIT);
            api.enqueueMessage(ann, "/back");
            api.enqueueMessage(ann, "/cancel");
            api.awaitText(ann, "Cancelled. Use /start to begin again.", WAIT);
            api.enqueueMessage(ann, "hi");
            api.awaitText(ann, "Send /form", WAIT);
            api.enqueueMessage(ann, "/back");
            api.awaitText(ann, "Nothing to go back to", WAIT);
        }
        assertThat(api.texts(ann)).containsExactly("Name?", "This is the first step.", "City, Ann?",
                LibraryText.WENT_BACK.english(), "City, Bob?",
                "Finish the city first", LibraryText.WENT_BACK.english(), "Cancelled. Use /start to begin again.",
                "Send /form",
                "Nothing to go back to");
    }

    @Test
    void inAGroupCommandsForAnotherBotAreIgnoredAndOursAreEscapes() {
        long group = -100_500;
        long bea = 702;
        try (ConfigurableApplicationContext app = startApplication()) {
            api.enqueueGroupMessage(group, bea, "/form@tgfsm_e2e_bot");
            api.awaitText(group, "Name?", WAIT);
            api.enqueueGroupMessage(group, bea, "/cancel@OtherBot");
            api.enqueueGroupMessage(group, bea, "/help@other_bot");
            api.enqueueGroupMessage(group, bea, "/start@OtherBot");
            api.enqueueGroupMessage(group, bea, "/cancel@tgfsm_e2e_bot");
            api.awaitText(group, "Cancelled. Use /start to begin again.", WAIT);
            api.enqueueGroupMessage(group, bea, "/start@TGFSM_E2E_BOT");
            api.awaitText(group, "Welcome", WAIT);
        }
        assertThat(api.texts(group)).containsExactly("Name?", "Cancelled. Use /start to begin again.", "Welcome");
    }

    @Test
    void inScenesStartAndCancelLeaveAsInStatesUnlessTheSceneDeclaresTheCommand() {
        long cy = 703;
        try (ConfigurableApplicationContext app = startApplication()) {
            api.enqueueMessage(cy, "/shop");
            api.awaitText(cy, "In the shop", WAIT);
            api.enqueueMessage(cy, "/start");
            api.awaitText(cy, "Welcome", WAIT);
            api.enqueueMessage(cy, "hello");
            api.awaitText(cy, "Send /form", WAIT);
            api.enqueueMessage(cy, "/shop");
            api.enqueueMessage(cy, "/cancel");
            api.awaitText(cy, "Cancelled. Use /start to begin again.", WAIT);
            api.enqueueMessage(cy, "/quiz");
            api.enqueueMessage(cy, "/cancel");
            api.awaitText(cy, "No quitting the quiz; /start leaves it", WAIT);
            api.enqueueMessage(cy, "/start");
            api.awaitRequests("sendMessage", 8, WAIT);
        }
        assertThat(api.texts(cy)).containsExactly("In the shop", "Welcome", "Send /form", "In the shop",
                "Cancelled. Use /start to begin again.", "Quiz time", "No quitting the quiz; /start leaves it",
                "Welcome");
    }

    private ConfigurableApplicationContext startApplication() {
        return new SpringApplicationBuilder(EscapesApplication.class).web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(),
                        "tgfsm.bot.username=tgfsm_e2e_bot",
                        "spring.data.redis.repositories.enabled=false",
                        "spring.autoconfigure.exclude=org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
                        "spring.datasource.url=jdbc:h2:file:" + dir.resolve("fsm").toAbsolutePath())
                .run();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({EscapeStatesController.class, EscapeScenes.class, EscapeScenes.Shop.class, EscapeScenes.Quiz.class})
    static class EscapesApplication {
    }
}
