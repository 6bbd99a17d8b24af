package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiValidationException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.testing.LocalBotApiServer;

/**
 * {@link CallerThreadTelegramClient} against a local Bot API server: the same requests, answers and
 * exceptions as the library's {@link OkHttpTelegramClient}, without a single task on OkHttp's
 * dispatcher threads.
 */
class CallerThreadTelegramClientTests {

    private static final String TOKEN = "123456:test-token";

    @Test
    void sendsOnTheCallingThreadWithoutOkHttpsDispatcherThreads() throws Exception {
        CountingExecutor executor = new CountingExecutor();
        OkHttpClient http = new OkHttpClient.Builder().dispatcher(new Dispatcher(executor)).build();
        try (LocalBotApiServer server = LocalBotApiServer.start()) {
            TelegramClient client = new CallerThreadTelegramClient(http, TOKEN, server.telegramUrl());
            for (int i = 0; i < 20; i++) {
                Message sent = client.execute(SendMessage.builder().chatId(42L).text("hello " + i).build());
                assertThat(sent.getText()).isEqualTo("hello " + i);
            }
            assertThat(server.requests("sendMessage")).hasSize(20);
        }
        assertThat(executor.tasks).as("tasks handed to OkHttp's dispatcher threads").hasValue(0);
    }

    @Test
    void sendsTheSameRequestAndAnswersTheSameResultAsTheLibrarysClient() throws Exception {
        try (LocalBotApiServer server = LocalBotApiServer.start()) {
            SendMessage send = SendMessage.builder().chatId(42L).text("<b>hi</b>").parseMode("HTML")
                    .messageThreadId(7).build();
            Message ours = new CallerThreadTelegramClient(new OkHttpClient(), TOKEN, server.telegramUrl())
                    .execute(send);
            Message theirs = new OkHttpTelegramClient(TOKEN, server.telegramUrl()).execute(send);

            List<LocalBotApiServer.Request> requests = server.requests("sendMessage");
            assertThat(requests).hasSize(2);
            assertThat(requests.get(0).token()).isEqualTo(requests.get(1).token()).isEqualTo(TOKEN);
            assertThat(requests.get(0).params()).isEqualTo(requests.get(1).params());
            assertThat(ours.getMessageId()).isEqualTo(theirs.getMessageId() - 1);
            assertThat(ours.getText()).isEqualTo(theirs.getText());
            assertThat(ours.getChatId()).isEqualTo(theirs.getChatId());
        }
    }

    @Test
    void anErrorAnswerIsTheLibrarysRequestExceptionWithItsRetryAfter() throws Exception {
        try (LocalBotApiServer server = LocalBotApiServer.start()) {
            server.answerTooManyRequests(42, 2, 3);
            SendMessage send = SendMessage.builder().chatId(42L).text("hi").build();
            Throwable ours = catchThrowable(() -> new CallerThreadTelegramClient(new OkHttpClient(), TOKEN,
                    server.telegramUrl()).execute(send));
            Throwable theirs = catchThrowable(() -> new OkHttpTelegramClient(TOKEN, server.telegramUrl())
                    .execute(send));

            assertThat(ours).isInstanceOf(TelegramApiRequestException.class).hasSameClassAs(theirs);
            TelegramApiRequestException refused = (TelegramApiRequestException) ours;
            assertThat(refused.getErrorCode()).isEqualTo(429)
                    .isEqualTo(((TelegramApiRequestException) theirs).getErrorCode());
            assertThat(refused.getParameters().getRetryAfter()).isEqualTo(3);
            assertThat(refused.getApiResponse()).isEqualTo(((TelegramApiRequestException) theirs).getApiResponse());
        }
    }

    @Test
    void aFailedRequestIsATelegramApiExceptionCausedByTheIoException() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CallerThreadTelegramClient client = new CallerThreadTelegramClient(new OkHttpClient(), TOKEN,
                TelegramUrls.parse("http://127.0.0.1:" + port));

        Throwable thrown = catchThrowable(() -> client.execute(SendMessage.builder().chatId(42L).text("hi").build()));

        assertThat(thrown).isExactlyInstanceOf(TelegramApiException.class)
                .hasMessage("Unable to execute sendmessage method").hasCauseInstanceOf(IOException.class);
    }

    @Test
    void anInvalidMethodIsRefusedBeforeAnyRequestAsTheLibraryDoes() throws Exception {
        try (LocalBotApiServer server = LocalBotApiServer.start()) {
            SendMessage invalid = SendMessage.builder().chatId(42L).text("").build();
            Throwable ours = catchThrowable(() -> new CallerThreadTelegramClient(new OkHttpClient(), TOKEN,
                    server.telegramUrl()).execute(invalid));
            Throwable theirs = catchThrowable(() -> new OkHttpTelegramClient(TOKEN, server.telegramUrl())
                    .execute(invalid));

            assertThat(ours).isExactlyInstanceOf(TelegramApiException.class).hasSameClassAs(theirs)
                    .hasCauseInstanceOf(TelegramApiValidationException.class);
            assertThat(ours.getMessage()).isEqualTo(theirs.getMessage());
            assertThat(server.requests("sendMessage")).isEmpty();
        }
    }

    @Test
    void textBeyondAsciiReadsAsTheLibraryReadsIt() throws Exception {
        try (LocalBotApiServer server = LocalBotApiServer.start()) {
            SendMessage send = SendMessage.builder().chatId(42L).text("Привет, 世界 😀 café").build();
            Message ours = new CallerThreadTelegramClient(new OkHttpClient(), TOKEN, server.telegramUrl())
                    .execute(send);
            Message theirs = new OkHttpTelegramClient(TOKEN, server.telegramUrl()).execute(send);

            assertThat(ours.getText()).isEqualTo(theirs.getText()).isEqualTo("Привет, 世界 😀 café");
        }
    }

    @Test
    void anAnswerWithAByteOrderMarkOrAnotherCharsetIsReadByIt() throws Exception {
        String json = "{\"ok\":true,\"result\":{\"message_id\":7,\"date\":1,\"chat\":{\"id\":42,"
                + "\"type\":\"private\"},\"text\":\"café\"}}";
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bom.length + utf8.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(utf8, 0, withBom, bom.length, utf8.length);
        SendMessage send = SendMessage.builder().chatId(42L).text("café").build();

        for (var answer : List.of(Map.entry("application/json", withBom),
                Map.entry("application/json; charset=ISO-8859-1", json.getBytes(StandardCharsets.ISO_8859_1)),
                Map.entry("application/json;charset=\"UTF-8\"", utf8))) {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", answer.getKey());
                exchange.sendResponseHeaders(200, answer.getValue().length);
                exchange.getResponseBody().write(answer.getValue());
                exchange.close();
            });
            http.start();
            try {
                // its own transport, and OkHttp (which a client with an interceptor goes through)
                for (OkHttpClient client : List.of(new OkHttpClient(), new OkHttpClient.Builder()
                        .addInterceptor(chain -> chain.proceed(chain.request())).build())) {
                    Message sent = new CallerThreadTelegramClient(client, TOKEN,
                            TelegramUrls.parse("http://127.0.0.1:" + http.getAddress().getPort())).execute(send);
                    assertThat(sent.getText()).as(answer.getKey()).isEqualTo("café");
                    assertThat(sent.getMessageId()).isEqualTo(7);
                }
            }
            finally {
                http.stop(0);
            }
        }
    }

    /** Counts the tasks OkHttp hands to its dispatcher's threads, and runs them. */
    private static final class CountingExecutor extends AbstractExecutorService {

        final AtomicInteger tasks = new AtomicInteger();

        @Override
        public void execute(Runnable command) {
            tasks.incrementAndGet();
            new Thread(command).start();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
