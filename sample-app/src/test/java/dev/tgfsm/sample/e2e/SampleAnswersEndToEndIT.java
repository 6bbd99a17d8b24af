package dev.tgfsm.sample.e2e;

import static dev.tgfsm.sample.e2e.TelegramUser.markup;
import static dev.tgfsm.sample.e2e.TelegramUser.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
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

import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.testing.LocalBotApiServer;
import dev.tgfsm.testing.LocalBotApiServer.Request;

/**
 * The sample's {@code /report} wizard as deployed: photos, contacts and locations sent through
 * {@code getUpdates} to TelegramBots' long polling and answered through its {@code OkHttpTelegramClient},
 * state in an SQLite file; a wrong kind of answer gets a clear reply, an edit counts nothing.
 */
@SpringBootTest(properties = {"tgfsm.bot.token=123:TEST", "sample.console.enabled=false"})
@DirtiesContext // the context polls this class's server: close it with the class
class SampleAnswersEndToEndIT {

    private static final LocalBotApiServer API = start();

    private static final List<Map<String, Object>> PHOTO = List.of(
            Map.of("file_id", "ph-small", "file_unique_id", "u-small", "width", 90, "height", 60),
            Map.of("file_id", "ph-large", "file_unique_id", "u-large", "width", 1280, "height", 853));

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) {
        registry.add("tgfsm.bot.api-url", API::url);
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + dir.resolve("answers.db"));
    }

    @Autowired
    CompletedUpdates completed;

    @Autowired
    FsmContexts contexts;

    private TelegramUser user;

    private long userId = 8_100;

    @BeforeEach
    void newUser() {
        userId++;
        user = new TelegramUser(API, completed, userId);
    }

    @Test
    void aPhotoAContactAndALocationFileAReportAndTheRequestKeyboardIsRemoved() {
        assertThat(texts(user.say("/report"))).isEqualTo("Send a photo of the problem.");
        List<Request> askPhone = user.sends("photo", PHOTO);
        assertThat(texts(askPhone)).isEqualTo("How can we call you back?");
        assertThat(markup(sent(askPhone))).containsEntry("keyboard",
                List.of(List.of(Map.of("text", "Share my phone number", "request_contact", true))));
        assertThat(photoStored()).containsEntry("fileId", "ph-large").containsEntry("width", 1280);

        List<Request> askPlace = user.sends("contact", Map.of("phone_number", "+4930123456", "first_name", "Ann",
                "user_id", userId));
        assertThat(texts(askPlace)).isEqualTo("Where is it?");
        assertThat(markup(sent(askPlace))).containsEntry("keyboard",
                List.of(List.of(Map.of("text", "Send my location", "request_location", true))));

        List<Request> outside = user.sends("location", Map.of("latitude", -33.87, "longitude", 151.21));
        assertThat(texts(outside)).isEqualTo("Sorry, that is outside our service area.\n\nAttempt 1/3. Try again:");
        assertThat(markup(sent(outside))).as("the request button is offered again").containsKey("keyboard");

        List<Request> filed = user.sends("location", Map.of("latitude", 52.52, "longitude", 13.405));
        assertThat(texts(filed))
                .isEqualTo("Report filed: photo 1280x853, we will call +4930123456 about 52.52, 13.405");
        assertThat(markup(sent(filed))).as("the request_location keyboard is removed").containsEntry("remove_keyboard",
                true);
        assertThat(state()).isNull();
    }

    @Test
    void aWrongKindGetsAClearReplyAndAnEditCountsNoAttempt() {
        user.say("/report");
        assertThat(texts(user.say("it is broken"))).isEqualTo("Please send a photo.\n\nAttempt 1/3. Try again:");
        assertThat(
                texts(user.sends("document", Map.of("file_id", "d1", "file_unique_id", "ud1", "file_name", "x.pdf"))))
                .isEqualTo("Please send a photo.\n\nAttempt 2/3. Try again:");
        for (int i = 0; i < 3; i++) {
            List<Request> edit = user.edits("text", "it is really broken");
            assertThat(texts(edit)).as("an edit is no answer").doesNotContain("Attempt", "Too many");
        }
        assertThat(state()).isEqualTo("report:photo");
        assertThat(texts(user.sends("photo", PHOTO))).isEqualTo("How can we call you back?");
        assertThat(texts(user.sends("location", Map.of("latitude", 52.5, "longitude", 13.4))))
                .isEqualTo("Please share a contact (use the button below).\n\nAttempt 1/3. Try again:");
        user.say("x");
        List<Request> cancelled = user.say("y");
        assertThat(texts(cancelled)).startsWith("Too many invalid attempts");
        assertThat(markup(sent(cancelled))).containsEntry("remove_keyboard", true);
        assertThat(state()).isNull();
    }

    @Test
    void aVoteInThePollTheBotSentAnswersTheRateStep() {
        assertThat(API.allowedUpdates(java.time.Duration.ofSeconds(30))).as("votes are asked for")
                .contains("poll_answer");
        List<Request> rate = user.say("/rate");
        assertThat(rate).extracting(Request::method).containsExactly("sendpoll", "sendmessage");
        assertThat(texts(rate)).isEqualTo("Vote in the poll above.");
        assertThat(rate.get(0).param("is_anonymous")).isEqualTo("false");
        List<String> polls = API.pollIds(userId);
        assertThat(polls).hasSize(1);
        assertThat(texts(user.say("the second one"))).isEqualTo("Please answer the poll.\n\nAttempt 1/3. Try again:");
        assertThat(state()).isEqualTo("rate:vote");
        assertThat(texts(user.votes("poll-of-another-bot", 0))).as("a vote in a poll the bot did not send is ignored")
                .isEmpty();
        assertThat(state()).isEqualTo("rate:vote");
        assertThat(texts(user.votes(polls.get(0), 1))).isEqualTo("Thanks for voting: It is fine");
        assertThat(state()).isNull();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> photoStored() {
        Map<String, Object> data = contexts.writeThrough(StorageKey.of(123, userId, userId)).getData();
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) data.get("flow:report"))
                .get("values"))
                .get("photo");
    }

    private String state() {
        return contexts.writeThrough(StorageKey.of(123, userId, userId)).getState();
    }

    private static Request sent(List<Request> requests) {
        return requests.stream().filter(r -> r.method().equals("sendmessage")).reduce((a, b) -> b).orElseThrow();
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
