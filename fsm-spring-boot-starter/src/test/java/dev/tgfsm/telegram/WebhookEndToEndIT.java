package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * The webhook intake in a real Spring MVC application on Tomcat, with the real OkHttp client talking
 * to a local Bot API server: {@code setWebhook} is called at start-up with the URL and the secret,
 * long polling stays off, a request with a wrong secret handles nothing, and a good request is
 * answered 200 only after its commit, when its reply has already been sent.
 */
class WebhookEndToEndIT {

    private static final String TOKEN = "888000:webhook-token";

    private static final String SECRET = "webhook_Secret-1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    private LocalBotApiServer api;

    private ConfigurableApplicationContext app;

    @BeforeEach
    void start() throws Exception {
        api = LocalBotApiServer.start();
        app = new SpringApplicationBuilder(EchoApplication.class).web(WebApplicationType.SERVLET)
                .properties("server.port=0", "tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(),
                        "tgfsm.storage.type=memory", "tgfsm.bot.webhook.enabled=true",
                        "tgfsm.bot.webhook.secret-token=" + SECRET,
                        "tgfsm.bot.webhook.url=https://bot.example.test/telegram/webhook",
                        "tgfsm.bot.webhook.max-connections=12")
                .run();
    }

    @AfterEach
    void stop() {
        app.close();
        api.close();
    }

    private HttpResponse<String> post(String secret, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + app.getEnvironment().getProperty("local.server.port") + "/telegram/webhook"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header(WebhookIntake.SECRET_HEADER, secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> texts() {
        return api.requests("sendMessage").stream().map(r -> r.param("text")).toList();
    }

    @Test
    void setWebhookIsCalledWithTheUrlAndTheSecretAndPollingStaysOff() {
        List<LocalBotApiServer.Request> registered = api.awaitRequests("setWebhook", 1, Duration.ofSeconds(20));
        String sent = String.valueOf(registered.get(0).params());
        assertThat(sent).contains("https://bot.example.test/telegram/webhook").contains(SECRET).contains("12");
        assertThat(String.valueOf(registered.get(0).params().get("drop_pending_updates")))
                .as("the updates Telegram holds are kept unless drop-pending-updates says otherwise")
                .isEqualTo("false");
        assertThat(sent).as("a handler of its own takes every kind, asked for by name").contains("chat_member")
                .contains("message_reaction_count");
        WebhookRegistration registration = app.getBean(WebhookRegistration.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!registration.isRegistered() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(registration.isRegistered()).as("Telegram's answer was read").isTrue();
        assertThat(api.requests("getUpdates")).as("long polling is off").isEmpty();
        assertThat(app.getBeansOfType(LongPollingIntake.class)).isEmpty();
    }

    @Test
    void onlyACorrectSecretIsHandledAndTheAnswerComesAfterTheReplyWasSent() throws Exception {
        String update = JSON.writeValueAsString(TestUpdates.messageJson(100, 901, "hi"));

        assertThat(post(null, update).statusCode()).isEqualTo(401);
        assertThat(post("wrong", update).statusCode()).isEqualTo(401);
        assertThat(post(SECRET, "{broken").statusCode()).isEqualTo(400);
        assertThat(texts()).isEmpty();

        HttpResponse<String> ok = post(SECRET, update);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(texts()).as("committed and sent before the 200").containsExactly("echo: hi");

        assertThat(post(SECRET, update).statusCode()).as("Telegram posting it again").isEqualTo(200);
        assertThat(texts()).as("a duplicate is not handled again").containsExactly("echo: hi");
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class EchoApplication {

        @Bean
        UpdateHandler echo() {
            return u -> {
                String text = u.update().getMessage().getText();
                u.context().setState("seen");
                u.transaction().outbox().send(SendMessage.builder()
                        .chatId(u.update().getMessage().getChatId()).text("echo: " + text).build());
            };
        }
    }
}
