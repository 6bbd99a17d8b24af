package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.autoconfigure.TelegramIntakes;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * {@link TimedCleanupPool} with the real OkHttp against a local Bot API server: calls reuse one
 * connection without waking the clean-up thread, and idle connections are still closed.
 */
class TimedCleanupPoolTests {

    private static final String TOKEN = "123456:test-token";

    @Test
    void callsDoNotWakeTheCleanUpThread() throws Exception {
        TimedCleanupPool.Wakes wakes = new TimedCleanupPool.Wakes();
        ConnectionPool pool = neverCleaned(wakes);
        try (LocalBotApiServer server = LocalBotApiServer.start()) {
            TelegramClient client = client(pool, server);
            for (int i = 0; i < 50; i++) {
                client.execute(SendMessage.builder().chatId(42L).text("hello " + i).build());
            }
            assertThat(server.requests("sendMessage")).hasSize(50);
        }
        assertThat(pool.connectionCount()).as("one connection for all the calls").isEqualTo(1);
        // OkHttp's own pool wakes its thread once per call: 50 here
        assertThat(wakes.count()).as("wake-ups of the clean-up thread in 50 calls").isLessThanOrEqualTo(1);
    }

    @Test
    void idleConnectionsAreClosedWithinAPeriodAfterTheirKeepAlive() throws Exception {
        TimedCleanupPool.Wakes wakes = new TimedCleanupPool.Wakes();
        ConnectionPool pool = TimedCleanupPool.create(Duration.ofMillis(50), 5, Duration.ofSeconds(2), wakes);
        try (LocalBotApiServer server = LocalBotApiServer.start()) {
            TelegramClient client = client(pool, server);
            client.execute(SendMessage.builder().chatId(42L).text("hello").build());
            assertThat(pool.connectionCount()).isEqualTo(1);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (pool.connectionCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(pool.connectionCount()).as("connections left after their keep-alive").isZero();
            assertThat(wakes.count()).isPositive();

            client.execute(SendMessage.builder().chatId(42L).text("again").build());
            assertThat(pool.connectionCount()).as("a new connection after the idle one was closed").isEqualTo(1);
        }
    }

    @Test
    void aCallAfterTheServerRestartedGoesOutOnANewConnection() throws Exception {
        TimedCleanupPool.Wakes wakes = new TimedCleanupPool.Wakes();
        ConnectionPool pool = neverCleaned(wakes);
        int port;
        TelegramClient client;
        try (LocalBotApiServer server = LocalBotApiServer.start()) {
            port = server.telegramUrl().getPort();
            client = client(pool, server);
            client.execute(SendMessage.builder().chatId(42L).text("before").build());
        }
        // the pooled connection is dead now, and no clean-up ran (its thread waits an hour)
        try (LocalBotApiServer again = LocalBotApiServer.start(port)) {
            Message sent = client.execute(SendMessage.builder().chatId(42L).text("after").build());
            assertThat(sent.getText()).isEqualTo("after");
            assertThat(again.requests("sendMessage")).hasSize(1);
        }
        assertThat(wakes.count()).isLessThanOrEqualTo(1);
    }

    @Test
    void theStartersBotApiClientUsesIt() throws Exception {
        OkHttpClient http = TelegramIntakes.httpClient(8);
        try (LocalBotApiServer server = LocalBotApiServer.start()) {
            // through OkHttp, as for an https:// server (to a plain-HTTP one the client sends without OkHttp)
            new OkHttpTelegramClient(new ObjectMapper(), http, TOKEN, server.telegramUrl())
                    .execute(SendMessage.builder().chatId(42L).text("hello").build());
        }
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .anyMatch(name -> name.equals("tgfsm-okhttp-cleanup"));
    }

    /** A pool whose clean-up thread waits an hour: only a notification could wake it during a test. */
    private static ConnectionPool neverCleaned(TimedCleanupPool.Wakes wakes) {
        return TimedCleanupPool.create(Duration.ofHours(1), 5, Duration.ofMinutes(5), wakes);
    }

    /**
     * The starter's client on the pool, sending through OkHttp as it does to an {@code https://} server:
     * an interceptor that only passes the request on keeps it off the plain-HTTP transport.
     */
    private static TelegramClient client(ConnectionPool pool, LocalBotApiServer server) {
        return new CallerThreadTelegramClient(new OkHttpClient.Builder().connectionPool(pool)
                .addInterceptor(chain -> chain.proceed(chain.request())).build(), TOKEN, server.telegramUrl());
    }

    @Test
    void aPeriodMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> TimedCleanupPool.create(Duration.ZERO, 5,
                Duration.ofMinutes(5), new TimedCleanupPool.Wakes()))
                .withMessageContaining("period must be positive");
    }
}
