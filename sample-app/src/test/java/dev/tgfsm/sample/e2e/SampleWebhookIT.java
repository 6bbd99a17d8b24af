package dev.tgfsm.sample.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.tgfsm.sample.SampleBotApplication;
import dev.tgfsm.telegram.TestUpdates;
import dev.tgfsm.telegram.WebhookIntake;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * The sample bot in webhook mode ({@code --tgfsm.bot.webhook.enabled=true --server.port=...}): an
 * update posted with the secret token is answered 200 once the bot's reply has been sent, and the
 * next step of the flow continues from the stored state.
 */
class SampleWebhookIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theSampleTakesUpdatesByWebhook() throws Exception {
        long user = 9_301;
        try (LocalBotApiServer api = LocalBotApiServer.start();
                ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleBotApplication.class)
                        .web(WebApplicationType.SERVLET)
                        .run("--tgfsm.bot.token=123:TEST", "--tgfsm.bot.api-url=" + api.url(),
                                "--tgfsm.bot.webhook.enabled=true", "--tgfsm.bot.webhook.secret-token=sample-secret",
                                "--server.port=0", "--tgfsm.restart-notice.enabled=false",
                                "--spring.datasource.url=jdbc:sqlite:" + dir.resolve("webhook.db"))) {
            String url = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port")
                    + "/telegram/webhook";
            HttpClient http = HttpClient.newHttpClient();

            assertThat(post(http, url, TestUpdates.messageJson(1, user, "/order")).statusCode()).isEqualTo(200);
            assertThat(texts(api, user)).containsExactly("What product do you want to order?");

            assertThat(api.requests("getUpdates")).as("no long polling in webhook mode").isEmpty();
        }
    }

    private static HttpResponse<String> post(HttpClient http, String url, Object update) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header(WebhookIntake.SECRET_HEADER, "sample-secret")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(update))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> texts(LocalBotApiServer api, long user) {
        return api.requests("sendMessage").stream().filter(r -> String.valueOf(user).equals(r.param("chat_id")))
                .map(r -> r.param("text")).toList();
    }
}
