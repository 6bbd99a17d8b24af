package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * {@link BotApiPolling} reading {@code getUpdates} answers as a stream from a real HTTP server that
 * answers canned bodies: updates seen before are skipped by id without being read, new ones come
 * back whole, and every error keeps its meaning; a held poll ends at once when cancelled, and is not
 * sent again. On {@link BotApiHttp}, as it runs; {@link BotApiPollingOkHttpTests} runs the same on OkHttp, which
 * carries the calls when a proxy is to be used.
 */
class BotApiPollingTests {

    static {
        // the JDK server's answers without TCP_NODELAY wait 40 ms for the client's delayed ACK (read once
        // per JVM, as LocalBotApiServer sets it): 300 polls took 13 s when this class ran first
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private HttpServer server;

    private volatile int status = 200;

    private volatile String answer = "";

    /** Holds each request until counted down (when set). */
    private volatile CountDownLatch hold;

    private final AtomicInteger requests = new AtomicInteger();

    private final CountDownLatch arrived = new CountDownLatch(1);

    private BotApiPolling api;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            arrived.countDown();
            CountDownLatch held = hold;
            if (held != null) {
                try {
                    held.await(30, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        api = new BotApiPolling(client(BotApiPolling.httpClient(Duration.ofSeconds(1))),
                new TelegramUrl("http", "127.0.0.1", server.getAddress().getPort(), false), "123:token",
                new UpdateParser().json());
    }

    /** The client the calls are made with: the intake's own. */
    OkHttpClient client(OkHttpClient intakes) {
        return intakes;
    }

    /** Whether the calls go through OkHttp. */
    boolean onOkHttp() {
        return false;
    }

    @AfterEach
    void stop() {
        CountDownLatch held = hold;
        if (held != null) {
            held.countDown();
        }
        api.close();
        server.stop(0);
    }

    @Test
    void theCallsGoThroughTheExpectedTransport() {
        assertThat(api.onOkHttp()).isEqualTo(onOkHttp());
    }

    @Test
    void aCancelledPollEndsAtOnceAndIsNotSentAgainWhileTheNextCallWorks() throws Exception {
        answer = "{\"ok\":true,\"result\":[]}";
        assertThat(api.getUpdates(1, 0, 100, null, id -> true).received()).isZero();
        requests.set(0);
        hold = new CountDownLatch(1);
        CompletableFuture<BotApiPolling.Batch> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return api.getUpdates(1, 25, 100, null, id -> true);
            }
            catch (IOException ex) {
                throw new CompletionException(ex);
            }
        });
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
        awaitRequests(1);

        api.cancel();

        assertThatThrownBy(() -> poll.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
        hold.countDown();
        hold = null;
        assertThat(api.getUpdates(1, 0, 100, null, id -> true).received()).isZero();
        assertThat(requests.get()).as("the cancelled poll and the next call, each sent once").isEqualTo(2);
    }

    private void awaitRequests(int count) throws InterruptedException {
        for (int i = 0; i < 200 && requests.get() < count; i++) {
            Thread.sleep(10);
        }
        assertThat(requests.get()).isEqualTo(count);
    }

    @Test
    void updatesSeenBeforeAreSkippedAndNewOnesComeBackWhole() throws IOException {
        answer = """
                {"ok":true,"result":[
                 {"update_id":7,"message":{"message_id":1,"text":"seen","entities":[{"type":"bold"}]}},
                 {"update_id":8,"message":{"message_id":2,"text":"new \\"quoted\\" é","chat":{"id":5,"type":"private"}}},
                 {"message":{"message_id":3,"update_id":99},"update_id":9},
                 {"update_id":"ten"},
                 42,
                 {"update_id":11,"callback_query":{"id":"q","data":"x"}}
                ],"description":"ignored"}""";
        List<Integer> asked = new ArrayList<>();

        BotApiPolling.Batch batch = api.getUpdates(7, 0, 100, null, id -> {
            asked.add(id);
            return id > 7;
        });

        assertThat(batch.received()).isEqualTo(6);
        assertThat(asked).as("the top-level update_id of every update, wherever it is").containsExactly(7, 8, 9, 11);
        assertThat(batch.updates()).extracting(BotApiPolling.RawUpdate::id).containsExactly(8, 9, 11);
        assertThat(json(batch.updates().get(0))).isEqualTo("{\"update_id\":8,\"message\":{\"message_id\":2,"
                + "\"text\":\"new \\\"quoted\\\" é\",\"chat\":{\"id\":5,\"type\":\"private\"}}}");
        assertThat(json(batch.updates().get(1))).isEqualTo("{\"message\":{\"message_id\":3,\"update_id\":99},"
                + "\"update_id\":9}");
        assertThat(json(batch.updates().get(2))).isEqualTo("{\"update_id\":11,\"callback_query\":{\"id\":\"q\","
                + "\"data\":\"x\"}}");
    }

    private static String json(BotApiPolling.RawUpdate update) {
        return new String(update.answer(), update.offset(), update.length(), StandardCharsets.UTF_8);
    }

    /**
     * Counts the bytes one poll allocates when Telegram answers 100 updates of which 5 are new (the
     * offset waits for a slow update while newer ones keep coming), against what reading the same
     * answer as a JSON tree allocates, as the intake did before (it then also built the 5 new
     * updates from the tree). Allocation counts barely move between runs; nothing is timed.
     */
    @Test
    void aPollThatBringsMostlySeenUpdatesAllocatesAFractionOfItsTree() throws IOException {
        StringBuilder body = new StringBuilder("{\"ok\":true,\"result\":[");
        for (int id = 1; id <= 100; id++) {
            body.append(id == 1 ? "" : ",").append("{\"update_id\":").append(id).append(",\"message\":{\"message_id\":")
                    .append(id).append(",\"from\":{\"id\":").append(1000 + id).append(",\"is_bot\":false,")
                    .append("\"first_name\":\"User\",\"language_code\":\"en\"},\"chat\":{\"id\":").append(1000 + id)
                    .append(",\"first_name\":\"User\",\"type\":\"private\"},\"date\":1764500000,")
                    .append("\"text\":\"/start\",\"entities\":[{\"offset\":0,\"length\":6,\"type\":\"bot_command\"}]}}");
        }
        answer = body.append("]}").toString();
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        com.fasterxml.jackson.databind.ObjectMapper json = new UpdateParser().json();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        long polled = 0;
        long tree = 0;
        for (int round = 0; round < 300; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            BotApiPolling.Batch batch = api.getUpdates(1, 0, 100, null, id -> id > 95);
            long between = threads.getCurrentThreadAllocatedBytes();
            JsonNode whole = json.readTree(bytes);
            long after = threads.getCurrentThreadAllocatedBytes();
            assertThat(batch.updates()).hasSize(5);
            assertThat(whole.path("result").size()).isEqualTo(100);
            polled = between - before;
            tree = after - between;
        }
        System.out.printf(
                "one poll of 100 updates, 5 new: %d B allocated (HTTP included); the answer as a tree: %d B%n",
                polled, tree);

        assertThat(polled).as("bytes allocated by a poll, HTTP included").isLessThan(tree / 3);
    }

    @Test
    void anAnswerWithNothingNewHoldsItsCountOnly() throws IOException {
        answer = "{\"ok\":true,\"result\":[{\"update_id\":1,\"message\":{}},{\"update_id\":2,\"message\":{}}]}";

        BotApiPolling.Batch batch = api.getUpdates(1, 0, 100, null, id -> false);

        assertThat(batch.received()).isEqualTo(2);
        assertThat(batch.updates()).isEmpty();
    }

    @Test
    void errorsKeepTheirCodeDescriptionAndRetryAfter() {
        status = 429;
        answer = "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests\","
                + "\"parameters\":{\"retry_after\":3}}";

        assertThatThrownBy(() -> api.getUpdates(0, 0, 100, null, id -> true))
                .isInstanceOfSatisfying(BotApiPolling.BotApiException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(429);
                    assertThat(ex.retryAfter()).isEqualTo(3);
                    assertThat(ex.getMessage()).isEqualTo("429 Too Many Requests");
                });
    }

    @Test
    void anAnswerThatIsNotJsonOrBrokenHalfwayIsAnError() {
        status = 502;
        answer = "<html>Bad Gateway</html>";
        assertThatThrownBy(() -> api.getUpdates(0, 0, 100, null, id -> true))
                .isInstanceOf(BotApiPolling.BotApiException.class).hasMessageContaining("not JSON");

        status = 200;
        answer = "{\"ok\":true,\"result\":[{\"update_id\":1,\"message\":{\"text\":\"cut off";
        assertThatThrownBy(() -> api.getUpdates(0, 0, 100, null, id -> false))
                .isInstanceOf(BotApiPolling.BotApiException.class).hasMessageContaining("not JSON");
    }

    @Test
    void aResultThatIsNotAnArrayIsAnError() {
        answer = "{\"ok\":true,\"result\":{\"update_id\":1}}";
        assertThatThrownBy(() -> api.getUpdates(0, 0, 100, null, id -> true))
                .isInstanceOf(IOException.class).hasMessage("getUpdates answered a OBJECT instead of an array");

        answer = "{\"ok\":true}";
        assertThatThrownBy(() -> api.getUpdates(0, 0, 100, null, id -> true))
                .isInstanceOf(IOException.class).hasMessage("getUpdates answered a MISSING instead of an array");
    }

}
