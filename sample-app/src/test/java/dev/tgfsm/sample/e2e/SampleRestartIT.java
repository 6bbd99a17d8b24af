package dev.tgfsm.sample.e2e;

import static dev.tgfsm.sample.e2e.TelegramUser.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.sample.SampleBotApplication;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.testing.LocalBotApiServer;
import dev.tgfsm.testing.MutableClock;

/**
 * The sample bot stopped half-way through {@code /order} and started again on the same store, with
 * long polling against a local Bot API server: the conversation continues at the same step with the
 * values collected before the restart. Once on the SQLite file, once on Redis (profile
 * {@code redis}, a prefix of its own, short TTL; skipped without a Redis server). An order whose idle
 * timeout passed while the bot was down is told so on the user's next message.
 */
class SampleRestartIT {

    @TempDir
    Path dir;

    @Test
    void orderContinuesAfterARestartOnTheSqliteFile() throws Exception {
        restartMidOrder(9_101);
    }

    @Test
    void orderContinuesAfterARestartOnRedis() throws Exception {
        String redis = TestServer.REDIS.url();
        restartMidOrder(9_102, "--spring.profiles.active=redis", "--spring.data.redis.url=" + redis,
                "--tgfsm.redis.prefix=tgfsm-sample-e2e-" + System.nanoTime() + ":", "--tgfsm.ttl=10m");
    }

    @Test
    void anOrderWhoseIdleTimeoutPassedWhileTheBotWasDownIsToldOnTheNextMessage() throws Exception {
        MutableClock clock = MutableClock.now();
        try (LocalBotApiServer api = LocalBotApiServer.start()) {
            CompletedUpdates completed = new CompletedUpdates();
            TelegramUser user = new TelegramUser(api, completed, 9_103);
            String[] noSweep = {"--tgfsm.timeout.poll-interval=1h"}; // only the next message finds the expiry
            try (ConfigurableApplicationContext first = start(api, completed, clock, noSweep)) {
                assertThat(texts(user.say("/order"))).isEqualTo("What product do you want to order?");
                user.awaitConfirmed(user.lastUpdateId());
            }
            clock.advance(Duration.ofMinutes(16));
            try (ConfigurableApplicationContext second = start(api, completed, clock, noSweep)) {
                assertThat(texts(user.say("hello"))).isEqualTo("Your session expired. Use /start to begin again."
                        + " | I didn't understand that. Send /help to see what I can do.");
                assertThat(texts(user.say("/order"))).isEqualTo("What product do you want to order?");
            }
        }
    }

    private void restartMidOrder(long userId, String... profile) throws Exception {
        try (LocalBotApiServer api = LocalBotApiServer.start()) {
            CompletedUpdates completed = new CompletedUpdates();
            TelegramUser user = new TelegramUser(api, completed, userId);
            try (ConfigurableApplicationContext first = start(api, completed, profile)) {
                assertThat(texts(user.say("/order"))).isEqualTo("What product do you want to order?");
                assertThat(texts(user.press("Gizmo"))).isEqualTo("How many Gizmo do you want? (1-100)");
                assertThat(texts(user.say("7"))).isEqualTo("What is your delivery address?");
                user.awaitConfirmed(user.lastUpdateId());
            }
            int sentBefore = api.requests("sendMessage").size();
            try (ConfigurableApplicationContext second = start(api, completed, profile)) {
                List<LocalBotApiServer.Request> sent = api.awaitRequests("sendMessage", sentBefore + 1,
                        java.time.Duration.ofSeconds(20));
                assertThat(sent.subList(sentBefore, sent.size())).as("the restart notice, to this user only")
                        .singleElement().satisfies(notice -> {
                            assertThat(notice.param("chat_id")).isEqualTo(String.valueOf(userId));
                            assertThat(notice.param("text")).startsWith("The bot was restarted.");
                        });
                FsmContext conversation = second.getBean(FsmContexts.class)
                        .writeThrough(StorageKey.of(123, userId, userId));
                assertThat(conversation.getState()).isEqualTo("order:address");
                assertThat(SampleEndToEndIT.orderValues(conversation.getData())).containsEntry("product", "Gizmo")
                        .containsEntry("quantity", 7);
                assertThat(texts(user.say("1 Long Road, Bergen")))
                        .isEqualTo("Order placed!\nProduct: Gizmo\nQuantity: 7\nAddress: 1 Long Road, Bergen");
            }
        }
    }

    private ConfigurableApplicationContext start(LocalBotApiServer api, CompletedUpdates completed, Clock clock,
            String... profile) {
        List<String> args = new ArrayList<>(List.of("--tgfsm.bot.token=123:TEST", "--tgfsm.bot.api-url=" + api.url(),
                "--spring.datasource.url=jdbc:sqlite:" + dir.resolve("expiry.db")));
        args.addAll(List.of(profile));
        return new SpringApplicationBuilder(SampleBotApplication.class).web(WebApplicationType.NONE)
                .initializers(context -> {
                    context.getBeanFactory().registerSingleton("completedUpdates", completed);
                    context.getBeanFactory().registerSingleton(FsmAutoConfiguration.CLOCK_BEAN_NAME, clock);
                })
                .run(args.toArray(String[]::new));
    }

    private ConfigurableApplicationContext start(LocalBotApiServer api, CompletedUpdates completed,
            String... profile) {
        List<String> args = new ArrayList<>(List.of("--tgfsm.bot.token=123:TEST", "--tgfsm.bot.api-url=" + api.url(),
                "--spring.datasource.url=jdbc:sqlite:" + dir.resolve("restart.db")));
        args.addAll(List.of(profile));
        return new SpringApplicationBuilder(SampleBotApplication.class).web(WebApplicationType.NONE)
                .initializers(context -> context.getBeanFactory().registerSingleton("completedUpdates", completed))
                .run(args.toArray(String[]::new));
    }
}
