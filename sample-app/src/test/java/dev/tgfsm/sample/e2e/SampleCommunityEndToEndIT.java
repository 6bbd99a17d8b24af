package dev.tgfsm.sample.e2e;

import static dev.tgfsm.sample.e2e.TelegramUser.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tgfsm.testing.EventJson;
import dev.tgfsm.testing.LocalBotApiServer;
import dev.tgfsm.testing.LocalBotApiServer.Request;

/**
 * The sample's group features as deployed, through TelegramBots' long polling and its
 * {@code OkHttpTelegramClient}: join requests approved, joining members greeted, a group-only
 * command, a photo outside any conversation acknowledged while the {@code /report} flow still takes
 * its photo.
 */
@SpringBootTest(properties = {"tgfsm.bot.token=123:TEST", "sample.console.enabled=false"})
@DirtiesContext // the context polls this class's server: close it with the class
class SampleCommunityEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final LocalBotApiServer API = start();

    private static final long GROUP = -100_777;

    private static final List<Map<String, Object>> PHOTO = List.of(
            Map.of("file_id", "ph-1", "file_unique_id", "u-1", "width", 640, "height", 480));

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) {
        registry.add("tgfsm.bot.api-url", API::url);
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + dir.resolve("community.db"));
    }

    @Autowired
    CompletedUpdates completed;

    @Test
    void pollingAsksForJoinRequestsAndMemberUpdates() {
        assertThat(API.allowedUpdates(WAIT)).contains("message", "callback_query", "chat_member", "chat_join_request");
    }

    @Test
    void aJoinRequestIsApprovedAndTheNewMemberGreetedInTheGroup() {
        completed.await(API.enqueueJson(EventJson.joinRequest(GROUP, 8_301)), WAIT);
        List<Request> approvals = API.requests("approveChatJoinRequest");
        assertThat(approvals).singleElement().satisfies(r -> {
            assertThat(r.param("chat_id")).isEqualTo(String.valueOf(GROUP));
            assertThat(r.param("user_id")).isEqualTo("8301");
        });

        completed.await(API.enqueueJson(EventJson.chatMember("chat_member", GROUP, 8_301)), WAIT);
        assertThat(API.texts(GROUP)).containsExactly("Welcome, U8301! Send /rules to read the rules.");
    }

    @Test
    void rulesAnswerInAGroupOnlyAndAPhotoIsAcknowledgedOutsideAFlow() {
        completed.await(API.enqueueGroupMessage(GROUP - 1, 8_302, "/rules"), WAIT);
        assertThat(API.texts(GROUP - 1)).containsExactly("Group rules: be kind, stay on topic, no spam.");

        TelegramUser user = new TelegramUser(API, completed, 8_303);
        assertThat(texts(user.say("/rules"))).as("not a command in private chats")
                .isEqualTo("I didn't understand that. Send /help to see what I can do.");
        assertThat(texts(user.sends("photo", PHOTO)))
                .isEqualTo("Nice photo! To report a problem with it, send /report first.");
        user.say("/report");
        assertThat(texts(user.sends("photo", PHOTO))).as("the flow takes the photo")
                .isEqualTo("How can we call you back?");
    }

    @Test
    void anOldButtonIsAnsweredWithANoticeInTheUsersLanguage() {
        completed.await(API.enqueueCallback(8_304, 1, "gone:1"), WAIT);
        Map<String, Object> german = Map.of("id", 8_305, "is_bot", false, "first_name", "Uwe", "language_code", "de");
        completed.await(API.enqueue(Map.of("callback_query", Map.of("id", "cb-de", "from", german,
                "chat_instance", "ci-de", "data", "gone:1", "message", Map.of("message_id", 1, "date", 1_700_000_000,
                        "chat", Map.of("id", 8_305, "type", "private"))))),
                WAIT);
        assertThat(API.requests("answerCallbackQuery")).extracting(r -> r.param("text"))
                .containsExactly("This button is no longer active.", "Diese Schaltfl\u00e4che ist nicht mehr aktiv.");
    }

    private static LocalBotApiServer start() {
        try {
            return LocalBotApiServer.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Support {

        @Bean
        CompletedUpdates completedUpdates() {
            return new CompletedUpdates();
        }

        /** Closes the server when the context closes, after long polling has stopped. */
        @Bean
        DisposableBean localBotApiServer() {
            return API::close;
        }
    }
}
