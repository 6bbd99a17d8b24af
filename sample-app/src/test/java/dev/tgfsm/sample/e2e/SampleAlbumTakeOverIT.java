package dev.tgfsm.sample.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.tgfsm.sample.SampleBotApplication;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.telegram.TestUpdates;
import dev.tgfsm.telegram.WebhookIntake;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * Two instances of the sample bot on one Redis, taking updates by webhook: the first runs as a
 * separate JVM process, stores every photo of an album (each post answered {@code 200}) and is then
 * killed with {@code SIGKILL} before the album's quiet time; the second, which received no part,
 * takes the album over through the deadline index and answers it exactly once, with every photo.
 */
@RequiresServers(TestServer.REDIS)
class SampleAlbumTakeOverIT {

    private static final String SECRET = "album-secret";

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anAlbumStoredByAKilledProcessIsAnsweredOnceByTheOtherInstance() throws Exception {
        long user = 9_401;
        String prefix = "tgfsm-album-sample-" + System.nanoTime() + ":";
        try (LocalBotApiServer api = LocalBotApiServer.start()) {
            List<String> args = new ArrayList<>(
                    List.of("--tgfsm.bot.token=123:TEST", "--tgfsm.bot.api-url=" + api.url(),
                            "--tgfsm.bot.webhook.enabled=true", "--tgfsm.bot.webhook.secret-token=" + SECRET,
                            "--spring.profiles.active=redis", "--spring.data.redis.url=" + TestServer.REDIS.url(),
                            "--tgfsm.redis.prefix=" + prefix, "--tgfsm.restart-notice.enabled=false",
                            "--tgfsm.albums.quiet-time=3s", "--tgfsm.albums.take-over-after=1s",
                            "--tgfsm.timeout.poll-interval=200ms"));
            int port = freePort();
            List<String> first = new ArrayList<>(args);
            first.add("--server.port=" + port);
            Path log = Files.createDirectories(Path.of("target", "crash-logs")).resolve("album-first.log");
            Files.deleteIfExists(log);
            List<String> second = new ArrayList<>(args);
            second.add("--server.port=0");
            try (BotProcess gatherer = BotProcess.start(log, first);
                    ConfigurableApplicationContext other = new SpringApplicationBuilder(SampleBotApplication.class)
                            .web(WebApplicationType.SERVLET).run(second.toArray(String[]::new))) {
                String url = "http://127.0.0.1:" + port + "/telegram/webhook";
                awaitUp(url, gatherer);
                for (int part = 1; part <= 4; part++) {
                    HttpResponse<String> stored = post(url, TestUpdates.albumPhotoJson(500 + part, user, 700 + part,
                            "sample-album", part));
                    assertThat(stored.statusCode()).as("part %s stored", part).isEqualTo(200);
                }
                gatherer.kill();

                api.awaitText(user, "Got your album of 4 photos (album sample-album)", WAIT);
                Thread.sleep(2_000); // a second answer would come within the take-over delay
                assertThat(api.texts(user)).as("answered once, by the instance that was left")
                        .containsExactly("Got your album of 4 photos (album sample-album)");
            }
        }
    }

    private HttpResponse<String> post(String url, Map<String, Object> update) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header(WebhookIntake.SECRET_HEADER, SECRET)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(update))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the process answers HTTP (a request without the secret is refused, handling nothing). */
    private void awaitUp(String url, BotProcess process) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("the bot process runs: %s", process.tail()).isTrue();
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 401) {
                    return;
                }
            }
            catch (ConnectException ex) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("The bot process did not start in time: " + process.tail());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
