package dev.tgfsm.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.updates.DeleteWebhook;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * The local Bot API server answers the real TelegramBots client as Telegram would: sent messages,
 * long-polled updates, refusals (401, 429, too long) and a record of every request.
 */
class LocalBotApiServerTests {

    private static final String TOKEN = "4242:secret";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-02-01T10:00:00Z"));

    private LocalBotApiServer server;

    private OkHttpTelegramClient client;

    @BeforeEach
    void start() throws Exception {
        server = LocalBotApiServer.start(0, clock);
        client = new OkHttpTelegramClient(TOKEN, server.telegramUrl());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sentMessagesGetFreshIdsAndTheServersDateAndAreRecorded() throws Exception {
        Message first = client.execute(SendMessage.builder().chatId(7L).text("hello").build());
        clock.advance(Duration.ofHours(1));
        Message second = client.execute(SendMessage.builder().chatId(7L).text("again").build());

        assertThat(second.getMessageId()).isGreaterThan(first.getMessageId());
        assertThat(first.getDate()).isEqualTo((int) Instant.parse("2026-02-01T10:00:00Z").getEpochSecond());
        assertThat(second.getDate() - first.getDate()).isEqualTo(3600);
        assertThat(server.texts(7)).containsExactly("hello", "again");
        assertThat(server.requests("sendMessage")).extracting(LocalBotApiServer.Request::messageId)
                .containsExactly(first.getMessageId(), second.getMessageId());
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.token()).isEqualTo(TOKEN));
    }

    @Test
    void getMeDescribesTheBotOfTheTokenAndOtherSendMethodsAnswerAMessage() throws Exception {
        assertThat(client.execute(new GetMe()).getId()).isEqualTo(4242L);
        Message photo = client.execute(SendPhoto.builder().chatId(7L).photo(new InputFile("file-id")).build());
        assertThat(photo.getChatId()).isEqualTo(7L);
    }

    @Test
    void queuedUpdatesAreLongPolledUntilConfirmed() throws Exception {
        int message = server.enqueueMessage(42, "/order large");
        int press = server.enqueueCallback(42, 1001, "size:L");

        List<Update> updates = client.execute(GetUpdates.builder().offset(0).timeout(0).build());

        assertThat(updates).extracting(Update::getUpdateId).containsExactly(message, press);
        assertThat(updates.get(0).getMessage().isCommand()).isTrue();
        assertThat(updates.get(0).getMessage().getText()).isEqualTo("/order large");
        assertThat(updates.get(1).getCallbackQuery().getData()).isEqualTo("size:L");
        assertThat(updates.get(1).getCallbackQuery().getMessage().getMessageId()).isEqualTo(1001);
        assertThat(server.unconfirmed()).containsExactly(message, press);

        assertThat(client.execute(GetUpdates.builder().offset(press + 1).timeout(0).build())).isEmpty();
        assertThat(server.confirmedOffset()).isEqualTo(press + 1);
        assertThat(server.unconfirmed()).isEmpty();
    }

    @Test
    void aWaitingPollIsAnsweredWhenAnUpdateIsQueued() throws Exception {
        Thread feeder = new Thread(() -> {
            server.awaitRequests("getUpdates", 1, Duration.ofSeconds(10));
            server.enqueueJson(
                    "{\"message\":{\"message_id\":1,\"date\":1700000000,\"chat\":{\"id\":5,\"type\":\"private\"},"
                            + "\"text\":\"hi\"}}");
        });
        feeder.start();

        List<Update> updates = client.execute(GetUpdates.builder().offset(0).timeout(20).build());

        feeder.join();
        assertThat(updates).singleElement().satisfies(u -> assertThat(u.getMessage().getText()).isEqualTo("hi"));
    }

    @Test
    void tooManyRequestsAnswers429WithRetryAfterThenRecovers() throws Exception {
        server.answerTooManyRequests(7, 1, 3);

        assertThatThrownBy(() -> client.execute(SendMessage.builder().chatId(7L).text("one").build()))
                .isInstanceOfSatisfying(TelegramApiRequestException.class, ex -> {
                    assertThat(ex.getErrorCode()).isEqualTo(429);
                    assertThat(ex.getParameters().getRetryAfter()).isEqualTo(3);
                });
        client.execute(SendMessage.builder().chatId(7L).text("two").build());

        List<LocalBotApiServer.Request> sends = server.requests("sendMessage");
        assertThat(sends).extracting(LocalBotApiServer.Request::result).first().isNull();
        assertThat(sends.get(1).atMillis()).isGreaterThanOrEqualTo(sends.get(0).atMillis());
        assertThat(server.texts(7)).containsExactly("one", "two");
    }

    @Test
    void deleteWebhookAndSetWebhookDropTheQueuedUpdatesOnlyWhenAsked() throws Exception {
        server.enqueueMessage(42, "kept");
        client.execute(DeleteWebhook.builder().dropPendingUpdates(false).build());
        assertThat(server.unconfirmed()).hasSize(1);
        client.execute(SetWebhook.builder().url("https://bot.example.test/hook").dropPendingUpdates(false).build());
        assertThat(server.unconfirmed()).hasSize(1);

        client.execute(DeleteWebhook.builder().dropPendingUpdates(true).build());
        assertThat(server.unconfirmed()).as("dropped by deleteWebhook").isEmpty();
        server.enqueueMessage(42, "dropped too");
        client.execute(SetWebhook.builder().url("https://bot.example.test/hook").dropPendingUpdates(true).build());
        assertThat(server.unconfirmed()).as("dropped by setWebhook").isEmpty();
    }

    @Test
    void aTextOverTheLimitIsRefusedAsTelegramDoes() {
        assertThatThrownBy(() -> client.execute(SendMessage.builder().chatId(7L).text("x".repeat(4097)).build()))
                .isInstanceOfSatisfying(TelegramApiRequestException.class,
                        ex -> assertThat(ex.getApiResponse()).contains("message is too long"));
    }

    @Test
    void aRefusedTokenAndAFailingServerAreCountedNotRecorded() {
        server.refuseToken(TOKEN);
        assertThatThrownBy(() -> client.execute(new GetMe())).isInstanceOf(TelegramApiRequestException.class);
        assertThat(server.refusedRequests()).isEqualTo(1);

        server.failWith(502);
        assertThatThrownBy(() -> client.execute(new GetMe())).isInstanceOf(Exception.class);
        assertThat(server.failedRequests()).isEqualTo(1);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void awaitTextWaitsForAMessageSentLater() throws Exception {
        Thread sender = new Thread(() -> {
            try {
                client.execute(SendMessage.builder().chatId(9L).text("later").build());
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        sender.start();
        server.awaitText(9, "later", Duration.ofSeconds(10));
        sender.join();
        assertThat(server.requests("sendmessage")).singleElement()
                .satisfies(r -> assertThat(r.params()).containsEntry("chat_id", "9"));
    }

    @Test
    void aRequestStillBeingReadKeepsTheServerFromBeingQuietUntilItIsRecorded() throws Exception {
        URI url = URI.create(server.url());
        String body = "{\"chat_id\":5,\"text\":\"late\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            OutputStream out = socket.getOutputStream();
            // headers and half of the body, as a process killed while writing its request leaves them
            out.write(("POST /bot" + TOKEN + "/sendMessage HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (server.reading() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(server.reading()).as("the handler reads the body").isEqualTo(1);
            assertThatThrownBy(() -> server.awaitQuiet(Duration.ofMillis(50), Duration.ofMillis(500)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("1 request(s) being read");
            assertThat(server.texts(5)).isEmpty();

            out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
            out.flush();
            server.awaitQuiet(Duration.ofMillis(50), Duration.ofSeconds(10));
            assertThat(server.texts(5)).as("recorded once read in full").containsExactly("late");
        }
    }

    @Test
    void aHeldSendCountsAsRecordedNotAsBeingRead() throws Exception {
        server.holdSending(6);
        Thread sender = new Thread(() -> {
            try {
                client.execute(SendMessage.builder().chatId(6L).text("held").build());
            }
            catch (Exception ex) {
                // the server's close ends the held call
            }
        });
        sender.start();
        server.awaitRequests("sendMessage", 1, Duration.ofSeconds(10));
        server.awaitQuiet(Duration.ofMillis(50), Duration.ofSeconds(10));
        assertThat(server.texts(6)).containsExactly("held");
        server.releaseSending(6);
        sender.join();
    }
}
