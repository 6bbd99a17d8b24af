package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * Dropping the updates Telegram holds at start-up, per intake and per bot, seen from three local Bot API
 * servers (one per bot, each with its own token): long polling's {@code deleteWebhook} carries
 * {@code drop_pending_updates=true} only when {@code tgfsm.bot.polling.drop-pending-updates} says so
 * (and the updates queued before the start are then gone), and each bot of {@code tgfsm.bots} carries
 * its own {@code polling.drop-pending-updates} or {@code webhook.drop-pending-updates}: off unless set
 * for that bot, whatever the first bot's setting.
 */
class DropPendingUpdatesIT {

    private static final String MAIN_TOKEN = "930001:main-drop-token";

    private static final String SUPPORT_TOKEN = "930002:support-drop-token";

    private static final String SALES_TOKEN = "930003:sales-drop-token";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private LocalBotApiServer main;

    private LocalBotApiServer support;

    private LocalBotApiServer sales;

    @BeforeEach
    void startServers() throws Exception {
        main = LocalBotApiServer.start();
        support = LocalBotApiServer.start();
        sales = LocalBotApiServer.start();
    }

    @AfterEach
    void stopServers() {
        main.close();
        support.close();
        sales.close();
    }

    private SpringApplicationBuilder application(WebApplicationType type, String... properties) {
        return new SpringApplicationBuilder(QuietApplication.class).web(type)
                .properties("tgfsm.bot.token=" + MAIN_TOKEN, "tgfsm.bot.api-url=" + main.url(),
                        "tgfsm.storage.type=memory", "tgfsm.bot.polling.timeout=1s",
                        "tgfsm.dispatcher.shutdown-timeout=5s")
                .properties(properties);
    }

    /** The two further bots, support and sales, each on its own server. */
    private String[] furtherBots(String... more) {
        List<String> all = new ArrayList<>(List.of("tgfsm.bots[0].name=support",
                "tgfsm.bots[0].token=" + SUPPORT_TOKEN, "tgfsm.bots[0].api-url=" + support.url(),
                "tgfsm.bots[1].name=sales", "tgfsm.bots[1].token=" + SALES_TOKEN,
                "tgfsm.bots[1].api-url=" + sales.url()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** The one deleteWebhook a bot's polling made before its first getUpdates: its drop_pending_updates. */
    private static String pollingDropPendingUpdates(LocalBotApiServer api, String token) {
        api.awaitRequests("getUpdates", 1, WAIT);
        List<LocalBotApiServer.Request> calls = api.requests("deleteWebhook");
        assertThat(calls).as("one deleteWebhook before polling").hasSize(1);
        assertThat(calls.get(0).token()).isEqualTo(token);
        assertThat(api.requests("setWebhook")).isEmpty();
        return calls.get(0).param("drop_pending_updates");
    }

    /** The one setWebhook of a bot at start-up: its drop_pending_updates. */
    private static String webhookDropPendingUpdates(LocalBotApiServer api, String token) {
        LocalBotApiServer.Request call = api.awaitRequests("setWebhook", 1, WAIT).get(0);
        assertThat(call.token()).isEqualTo(token);
        assertThat(api.requests("deleteWebhook")).as("the webhook mode never deletes the webhook").isEmpty();
        assertThat(api.requests("getUpdates")).as("long polling is off").isEmpty();
        return call.param("drop_pending_updates");
    }

    @Test
    void longPollingDropsPendingUpdatesWhenThePropertySaysSo() {
        main.enqueueMessage(7, "sent while the bot was down");
        try (ConfigurableApplicationContext app = application(WebApplicationType.NONE,
                "tgfsm.bot.polling.drop-pending-updates=true").run()) {
            assertThat(pollingDropPendingUpdates(main, MAIN_TOKEN)).isEqualTo("true");
            assertThat(main.unconfirmed()).as("Telegram dropped what it held").isEmpty();
        }
    }

    @Test
    void longPollingKeepsPendingUpdatesWhenThePropertyIsFalse() {
        try (ConfigurableApplicationContext app = application(WebApplicationType.NONE,
                "tgfsm.bot.polling.drop-pending-updates=false").run()) {
            assertThat(pollingDropPendingUpdates(main, MAIN_TOKEN)).isEqualTo("false");
        }
    }

    @Test
    void eachFurtherBotPollsWithItsOwnDropPendingUpdates() {
        try (ConfigurableApplicationContext app = application(WebApplicationType.NONE,
                furtherBots("tgfsm.bot.polling.drop-pending-updates=true",
                        "tgfsm.bots[1].polling.drop-pending-updates=true"))
                .run()) {
            assertThat(pollingDropPendingUpdates(main, MAIN_TOKEN)).as("tgfsm.bot").isEqualTo("true");
            assertThat(pollingDropPendingUpdates(support, SUPPORT_TOKEN))
                    .as("tgfsm.bots[0], unset: off, not the first bot's setting").isEqualTo("false");
            assertThat(pollingDropPendingUpdates(sales, SALES_TOKEN)).as("tgfsm.bots[1]").isEqualTo("true");
        }
    }

    @Test
    void aFurtherBotDropsPendingUpdatesWhileTheFirstKeepsThem() {
        try (ConfigurableApplicationContext app = application(WebApplicationType.NONE,
                furtherBots("tgfsm.bots[0].polling.drop-pending-updates=true")).run()) {
            assertThat(pollingDropPendingUpdates(main, MAIN_TOKEN)).as("tgfsm.bot, unset").isEqualTo("false");
            assertThat(pollingDropPendingUpdates(support, SUPPORT_TOKEN)).as("tgfsm.bots[0]").isEqualTo("true");
            assertThat(pollingDropPendingUpdates(sales, SALES_TOKEN)).as("tgfsm.bots[1], unset").isEqualTo("false");
        }
    }

    @Test
    void eachFurtherBotRegistersItsWebhookWithItsOwnDropPendingUpdates() {
        try (ConfigurableApplicationContext app = application(WebApplicationType.SERVLET,
                furtherBots("server.port=0", "tgfsm.bot.webhook.enabled=true",
                        "tgfsm.bot.webhook.url=https://main.example.test/telegram/webhook",
                        "tgfsm.bot.webhook.drop-pending-updates=true",
                        "tgfsm.bots[0].webhook.url=https://main.example.test/telegram/webhook/support",
                        "tgfsm.bots[1].webhook.url=https://main.example.test/telegram/webhook/sales",
                        "tgfsm.bots[1].webhook.drop-pending-updates=true",
                        "tgfsm.bots[0].polling.drop-pending-updates=true"))
                .run()) {
            assertThat(webhookDropPendingUpdates(main, MAIN_TOKEN)).as("tgfsm.bot").isEqualTo("true");
            assertThat(webhookDropPendingUpdates(support, SUPPORT_TOKEN))
                    .as("tgfsm.bots[0], webhook unset: off, not the first bot's nor its own polling setting")
                    .isEqualTo("false");
            assertThat(webhookDropPendingUpdates(sales, SALES_TOKEN)).as("tgfsm.bots[1]").isEqualTo("true");
            for (LocalBotApiServer api : List.of(main, support, sales)) {
                assertThat(api.requests("setWebhook")).as("one setWebhook per bot").hasSize(1);
            }
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class QuietApplication {

        @Bean
        UpdateHandler quiet() {
            return u -> u.context().setState("seen");
        }
    }
}
