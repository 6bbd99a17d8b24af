package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgfsm.album.Album;
import dev.tgfsm.album.AlbumCollector;
import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnAlbum;
import dev.tgfsm.annotation.OnMessage;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.jdbc.JdbcSchemaInitializer;
import dev.tgfsm.jdbc.TestDataSources;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * Albums end to end on real stores: photos of a media group reach one {@code @OnAlbum} call with
 * every part in message order, through tgfsm's long polling on the real OkHttp client against a
 * local Bot API server (on Redis), and a late part makes a second, late album; parts posted
 * alternately and in parallel to the webhooks of two instances (two application contexts, each with
 * its own Redis connection factory or its own connection pool) reach exactly one call per album, with
 * every part in message order, on Redis, PostgreSQL and MariaDB (the tables under a fresh prefix,
 * dropped afterwards). The take-over of an album whose instance died is proven with a
 * killed process in the sample's {@code SampleAlbumTakeOverIT}.
 */
@RequiresServers(TestServer.REDIS)
class AlbumEndToEndIT {

    private static final String TOKEN = "888111:album-token";

    private static final String SECRET = "album_Secret-1";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every call of the album handler, from every instance. */
    static final Queue<Call> CALLS = new ConcurrentLinkedQueue<>();

    /** Every message that reached the plain message handler. */
    static final Queue<Integer> MESSAGES = new ConcurrentLinkedQueue<>();

    private final HttpClient http = HttpClient.newHttpClient();

    private final String prefix = "tgfsm-album-it-" + System.nanoTime() + ":";

    private final String tablePrefix = "album" + TestDataSources.uniquePrefix();

    /** The store's properties: {@link TwoBots#redis} unless a test chose a database. */
    private String[] store = TwoBots.redis(prefix);

    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

    private LocalBotApiServer api;

    record Call(String instance, String bot, long chat, String group, List<Integer> messageIds, boolean late) {
    }

    @BeforeEach
    void start() throws Exception {
        api = LocalBotApiServer.start();
        CALLS.clear();
        MESSAGES.clear();
    }

    @AfterEach
    void stop() {
        try {
            if (!apps.isEmpty() && List.of(store).contains("tgfsm.storage.type=jdbc")) {
                apps.get(0).getBean(JdbcSchemaInitializer.class).drop();
            }
        }
        finally {
            apps.forEach(ConfigurableApplicationContext::close);
            api.close();
        }
    }

    /** Chooses the store of the instances this test starts: {@code redis}, {@code postgres} or {@code mariadb}. */
    private void useStore(String kind) {
        store = switch (kind) {
            case "redis" -> TwoBots.redis(prefix);
            case "postgres" -> jdbc(TestServer.POSTGRES.url());
            case "mariadb" -> jdbc(TestServer.MARIADB.url());
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** A database, each instance with a pool of its own, the tables under this test's prefix. */
    private String[] jdbc(String url) {
        return new String[]{"tgfsm.storage.type=jdbc", "spring.datasource.url=" + url,
                "tgfsm.jdbc.table-prefix=" + tablePrefix, "tgfsm.jdbc.initialize-schema=always",
                "spring.data.redis.repositories.enabled=false"};
    }

    private ConfigurableApplicationContext polling(String instance) {
        return start(new SpringApplicationBuilder(AlbumApplication.class).web(WebApplicationType.NONE), instance);
    }

    private ConfigurableApplicationContext webhook(String instance) {
        return start(new SpringApplicationBuilder(AlbumApplication.class).web(WebApplicationType.SERVLET)
                .properties("server.port=0", "tgfsm.bot.webhook.enabled=true",
                        "tgfsm.bot.webhook.secret-token=" + SECRET),
                instance);
    }

    private ConfigurableApplicationContext start(SpringApplicationBuilder builder, String instance) {
        ConfigurableApplicationContext app = builder
                .properties("album.instance=" + instance, "tgfsm.bot.token=" + TOKEN,
                        "tgfsm.bot.api-url=" + api.url())
                .properties(store).properties("tgfsm.albums.quiet-time=1500ms",
                        "tgfsm.albums.take-over-after=1s", "tgfsm.timeout.poll-interval=200ms")
                .run();
        apps.add(app);
        return app;
    }

    private void post(ConfigurableApplicationContext app, Map<String, Object> update) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + app.getEnvironment().getProperty("local.server.port") + "/telegram/webhook"))
                .header("Content-Type", "application/json").header(WebhookIntake.SECRET_HEADER, SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(update))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("part stored and acknowledged").isEqualTo(200);
    }

    private static List<Map<String, Object>> album(int firstUpdateId, long user, String group, int parts) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 1; i <= parts; i++) {
            list.add(TestUpdates.albumPhotoJson(firstUpdateId + i, user, 100 + i, group, i));
        }
        return list;
    }

    private static List<Integer> ids(int parts) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i <= parts; i++) {
            ids.add(100 + i);
        }
        return ids;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting: " + what + "; calls " + CALLS);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void anAlbumPolledThroughTheBotApiReachesOneCallWithEveryPartInOrderAndALatePartASecondOne() {
        ConfigurableApplicationContext app = polling("A");
        assertThat(app.getBean(AlbumCollector.class).isGathering()).as("an @OnAlbum handler exists").isTrue();
        List<Map<String, Object>> parts = album(1000, 501, "g-poll", 7);
        List<Integer> messageOrder = List.of(107, 102, 103, 101, 105, 106, 104);
        for (int i = 0; i < parts.size(); i++) {
            Map<String, Object> part = parts.get(messageOrder.get(i) - 101);
            Map<String, Object> renumbered = new java.util.LinkedHashMap<>(part);
            renumbered.put("update_id", 1001 + i); // Telegram numbers updates in arrival order
            api.enqueue(renumbered);
        }
        int text = api.enqueue(TestUpdates.messageJson(1008, 502, "plain"));

        api.awaitText(501, "album g-poll: 7 photos, caption 'album g-poll'", WAIT);
        awaitTrue(() -> api.confirmedOffset() > 1007 && api.confirmedOffset() > text, "every part confirmed");
        assertThat(CALLS).containsExactly(new Call("A", "default", 501, "g-poll", ids(7), false));
        assertThat(MESSAGES).as("parts never reach @OnMessage").containsExactly(text);

        api.enqueue(TestUpdates.albumPhotoJson(1010, 501, 108, "g-poll", 8));
        api.awaitText(501, "late part(s) of album g-poll: 1 photos", WAIT);
        assertThat(CALLS).hasSize(2).last().isEqualTo(new Call("A", "default", 501, "g-poll", List.of(108), true));
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"redis", "postgres", "mariadb"})
    void partsSplitAcrossTwoInstancesReachExactlyOneCallPerAlbum(String kind) throws Exception {
        useStore(kind);
        ConfigurableApplicationContext a = webhook("A");
        ConfigurableApplicationContext b = webhook("B");
        int users = 20;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                long user = 600 + u;
                int size = 3 + u % 8;
                List<Map<String, Object>> parts = album(10_000 + 100 * u, user, "g" + user, size);
                for (int i = 0; i < parts.size(); i++) {
                    ConfigurableApplicationContext instance = i % 2 == 0 ? a : b;
                    Map<String, Object> part = parts.get(i);
                    sent.add(pool.submit(() -> {
                        post(instance, part); // parts of one album in parallel, as Telegram posts them
                        return null;
                    }));
                }
            }
            for (Future<?> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
        awaitTrue(() -> CALLS.size() >= users, users + " albums handled");
        for (int u = 0; u < users; u++) {
            long user = 600 + u;
            int size = 3 + u % 8;
            api.awaitText(user, "album g" + user + ": " + size + " photos, caption 'album g" + user + "'", WAIT);
        }
        Thread.sleep(3_000); // a second call would come within the quiet time and the take-over delay
        assertThat(CALLS).hasSize(users);
        for (Call call : CALLS) {
            assertThat(call.messageIds()).isEqualTo(ids(3 + (int) (call.chat() - 600) % 8));
            assertThat(call.late()).isFalse();
            assertThat(api.texts(call.chat())).hasSize(1);
        }
        assertThat(CALLS.stream().map(Call::instance).distinct()).as("both instances ran albums").hasSize(2);
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class AlbumApplication {

        @Bean
        AlbumController albumController(@Value("${album.instance}") String instance) {
            return new AlbumController(instance);
        }
    }

    @BotController
    static class AlbumController {

        private final String instance;

        AlbumController(String instance) {
            this.instance = instance;
        }

        @OnAlbum
        public String album(Album album, Message first, BotIdentity bot, FsmContext context) {
            List<Integer> ids = album.messages().stream().map(Message::getMessageId).toList();
            CALLS.add(new Call(instance, bot.name(), first.getChatId(), album.mediaGroupId(), ids, album.isLate()));
            context.updateData(Map.of("albums", CALLS.size()));
            if (album.isLate()) {
                return "late part(s) of album " + album.mediaGroupId() + ": " + album.size() + " photos";
            }
            return "album " + album.mediaGroupId() + ": " + album.size() + " photos, caption '" + album.caption() + "'";
        }

        @OnMessage
        public void message(Message message) {
            MESSAGES.add(message.getMessageId());
        }
    }
}
