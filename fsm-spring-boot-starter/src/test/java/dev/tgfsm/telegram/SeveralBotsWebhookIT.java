package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * Two bots taking their updates by webhook in one Spring MVC application on Tomcat
 * ({@code tgfsm.bot.webhook} and {@code tgfsm.bots[0].webhook}), each against its own local Bot API
 * server with its own token: each path with its own secret reaches only its own bot (the handler sees
 * that bot's {@link BotIdentity} and replies through its token), the other bot's secret is refused
 * with 401, each bot's {@code setWebhook} goes through its own token with its own URL and secret, and
 * long polling stays off; a shared or relative path fails the start-up.
 */
class SeveralBotsWebhookIT {

    private static final String MAIN_TOKEN = TwoBots.MAIN_TOKEN;

    private static final String SUPPORT_TOKEN = TwoBots.SUPPORT_TOKEN;

    private static final String MAIN_SECRET = "main_Secret-1";

    private static final String SUPPORT_SECRET = "support_Secret-2";

    private static final Duration WAIT = TwoBots.WAIT;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @RegisterExtension
    final TwoBots bots = new TwoBots();

    private LocalBotApiServer main;

    private LocalBotApiServer support;

    @BeforeEach
    void servers() {
        main = bots.main;
        support = bots.support;
    }

    @Test
    void eachPathWithItsSecretReachesOnlyItsOwnBotAndEachBotRegistersThroughItsOwnToken() throws Exception {
        try (ConfigurableApplicationContext app = start(WebApplicationType.SERVLET, "server.port=0",
                "tgfsm.bot.polling.enabled=false",
                "tgfsm.bots[0].webhook.secret-token=" + SUPPORT_SECRET,
                "tgfsm.bots[0].webhook.url=https://support.example.test/telegram/webhook/support")) {
            String port = app.getEnvironment().getProperty("local.server.port");
            String update = JSON.writeValueAsString(TestUpdates.messageJson(300, 7, "hello"));

            assertThat(post(port, "/telegram/webhook/support", MAIN_SECRET, update).statusCode())
                    .as("the other bot's secret").isEqualTo(401);
            assertThat(post(port, "/telegram/webhook/support", null, update).statusCode()).isEqualTo(401);
            assertThat(post(port, "/telegram/webhook", SUPPORT_SECRET, update).statusCode()).isEqualTo(401);
            assertThat(main.requests("sendMessage")).isEmpty();
            assertThat(support.requests("sendMessage")).isEmpty();

            assertThat(post(port, "/telegram/webhook/support", SUPPORT_SECRET, update).statusCode()).isEqualTo(200);
            support.awaitText(7, "support (920002): hello #1", WAIT);
            assertThat(post(port, "/telegram/webhook", MAIN_SECRET, update).statusCode())
                    .as("the same update id and user at the other bot is its own").isEqualTo(200);
            main.awaitText(7, "default (910001): hello #1", WAIT);
            String again = JSON.writeValueAsString(TestUpdates.messageJson(301, 7, "again"));
            assertThat(post(port, "/telegram/webhook/support", SUPPORT_SECRET, again).statusCode()).isEqualTo(200);
            support.awaitText(7, "support (920002): again #2", WAIT);

            assertThat(main.requests("sendMessage")).hasSize(1)
                    .allSatisfy(r -> assertThat(r.token()).isEqualTo(MAIN_TOKEN));
            assertThat(support.requests("sendMessage")).hasSize(2)
                    .allSatisfy(r -> assertThat(r.token()).isEqualTo(SUPPORT_TOKEN));

            LocalBotApiServer.Request mainHook = main.awaitRequests("setWebhook", 1, WAIT).get(0);
            assertThat(mainHook.token()).isEqualTo(MAIN_TOKEN);
            assertThat(String.valueOf(mainHook.params())).contains("https://main.example.test/telegram/webhook")
                    .contains(MAIN_SECRET).doesNotContain(SUPPORT_SECRET);
            LocalBotApiServer.Request supportHook = support.awaitRequests("setWebhook", 1, WAIT).get(0);
            assertThat(supportHook.token()).isEqualTo(SUPPORT_TOKEN);
            assertThat(String.valueOf(supportHook.params()))
                    .contains("https://support.example.test/telegram/webhook/support").contains(SUPPORT_SECRET)
                    .doesNotContain(MAIN_SECRET);
            assertThat(main.requests("getUpdates")).as("long polling is off").isEmpty();
            assertThat(support.requests("getUpdates")).as("long polling is off").isEmpty();

            BotWebhook supportWebhook = app.getBean(BotFleet.class).webhooks().get(0);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!supportWebhook.registration().isRegistered() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(supportWebhook.registration().isRegistered()).isTrue();
            HealthIndicator health = app.getBean("fsmIntakeHealthIndicator", HealthIndicator.class);
            assertThat(
                    ((Map<?, ?>) health.health(true).getDetails().get("bots")).keySet().stream().map(String::valueOf))
                    .containsExactlyInAnyOrder("default", "support");
        }
    }

    @Test
    void twoBotsOnOnePathOrARelativePathFailTheStartUp() {
        assertThatThrownBy(() -> start(WebApplicationType.NONE, "tgfsm.bots[0].webhook.path=/telegram/webhook"))
                .rootCause().isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("tgfsm.bots[0].webhook.path '/telegram/webhook' is also the path of "
                        + "tgfsm.bot.webhook.path");
        assertThatThrownBy(() -> start(WebApplicationType.NONE, "tgfsm.bots[0].webhook.path=/hooks/x",
                "tgfsm.bots[1].name=sales", "tgfsm.bots[1].token=950003:sales-token",
                "tgfsm.bots[1].webhook.path=/hooks/x"))
                .rootCause().isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining(
                        "tgfsm.bots[1].webhook.path '/hooks/x' is also the path of tgfsm.bots[0].webhook.path");
        assertThatThrownBy(() -> start(WebApplicationType.NONE, "tgfsm.bots[0].webhook.path=telegram/support"))
                .rootCause().isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("tgfsm.bots[0].webhook.path 'telegram/support' is not an absolute path");
    }

    private HttpResponse<String> post(String port, String path, String secret, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header(WebhookIntake.SECRET_HEADER, secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private ConfigurableApplicationContext start(WebApplicationType type, String... properties) {
        return bots.application(WebhookBotsApplication.class, type, bots.supportBot())
                .properties("tgfsm.bot.webhook.enabled=true", "tgfsm.bot.webhook.secret-token=" + MAIN_SECRET,
                        "tgfsm.bot.webhook.url=https://main.example.test/telegram/webhook")
                .properties(properties).run();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(SeveralBotsIT.EchoController.class)
    static class WebhookBotsApplication {
    }
}
