package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnMessage;
import dev.tgfsm.scope.Director;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * Outbound flood control of two bots in one application on one Redis ({@code tgfsm.bot} and
 * {@code tgfsm.bots[0]}, each against its own local Bot API server): both bots answer the same chat id
 * at once with a run of replies (or of calls through the application's own client); each keeps its own per-chat (and, in the second case, global) rate,
 * and neither slows the other down, as one shared bucket would; a bot may have limits of its own
 * ({@code tgfsm.bots[i].flood}). Rates are counted from the servers'
 * arrival times in windows of seconds, with a jitter allowance of one call.
 */
@RequiresServers(TestServer.REDIS)
class SeveralBotsFloodIT {

    private static final long CHAT = 7;

    private final String prefix = "tgfsm-bots-flood-it-" + System.nanoTime() + ":";

    @RegisterExtension
    final TwoBots bots = new TwoBots();

    /** Starts the application, sends "{replies}" to both bots at once, waits for every reply. */
    private void burst(int replies, String... flood) {
        burst(FloodApplication.class, replies, flood);
    }

    private void burst(Class<?> application, int replies, String... flood) {
        try (ConfigurableApplicationContext app = bots.application(application, WebApplicationType.NONE,
                bots.supportBot()).properties(TwoBots.redis(prefix))
                .properties("tgfsm.bot.flood.max-wait=60s").properties(flood).run()) {
            bots.main.enqueueMessage(CHAT, String.valueOf(replies));
            bots.support.enqueueMessage(CHAT, String.valueOf(replies));
            bots.main.awaitRequests("sendMessage", replies, TwoBots.WAIT);
            bots.support.awaitRequests("sendMessage", replies, TwoBots.WAIT);
        }
        assertThat(bots.main.texts(CHAT)).hasSize(replies).allMatch(text -> text.startsWith("default "));
        assertThat(bots.support.texts(CHAT)).hasSize(replies).allMatch(text -> text.startsWith("support "));
        assertThat(bots.main.requests("sendMessage"))
                .allSatisfy(r -> assertThat(r.token()).isEqualTo(TwoBots.MAIN_TOKEN));
        assertThat(bots.support.requests("sendMessage"))
                .allSatisfy(r -> assertThat(r.token()).isEqualTo(TwoBots.SUPPORT_TOKEN));
    }

    /** Checks the most calls at each bot's server in any second and in any 3 seconds. */
    private void eachBotSendsAtMost(int perSecond, int perThreeSeconds) {
        for (LocalBotApiServer api : List.of(bots.main, bots.support)) {
            assertThat(SendWindows.maxPerWindow(api.requests("sendMessage"), 1000)).as("one bot, any second")
                    .isLessThanOrEqualTo(perSecond);
            assertThat(SendWindows.maxPerWindow(api.requests("sendMessage"), 3000)).as("one bot, any 3 seconds")
                    .isLessThanOrEqualTo(perThreeSeconds);
        }
    }

    private List<LocalBotApiServer.Request> both() {
        List<LocalBotApiServer.Request> all = new ArrayList<>(bots.main.requests("sendMessage"));
        all.addAll(bots.support.requests("sendMessage"));
        return all;
    }

    @Test
    void theSameChatIdAtTwoBotsHasABucketPerBot() {
        burst(8, "tgfsm.bot.flood.chat.burst=1");

        eachBotSendsAtMost(1 + 1, 3 + 1);
        assertThat(SendWindows.maxPerWindow(both(), 3000)).as("both bots in some 3 seconds (one shared bucket: <= 4)")
                .isGreaterThanOrEqualTo(5);
    }

    @Test
    void eachBotHasAGlobalRateOfItsOwn() {
        burst(16, "tgfsm.bot.flood.global.permits=2", "tgfsm.bot.flood.global.burst=1",
                "tgfsm.bot.flood.chat.permits=100");

        eachBotSendsAtMost(2 + 1, 6 + 1);
        assertThat(SendWindows.maxPerWindow(both(), 3000)).as("both bots in some 3 seconds (one shared bucket: <= 7)")
                .isGreaterThanOrEqualTo(9);
    }

    @Test
    void aBotMayHaveLimitsOfItsOwn() {
        burst(16, "tgfsm.bot.flood.global.permits=2", "tgfsm.bot.flood.global.burst=1",
                "tgfsm.bot.flood.chat.permits=100", "tgfsm.bots[0].flood.global.permits=4",
                "tgfsm.bots[0].flood.global.burst=1", "tgfsm.bots[0].flood.chat.permits=100",
                "tgfsm.bots[0].flood.max-wait=60s");

        assertThat(SendWindows.maxPerWindow(bots.main.requests("sendMessage"), 3000)).as("default bot, any 3 seconds")
                .isLessThanOrEqualTo(6 + 1);
        assertThat(SendWindows.maxPerWindow(bots.support.requests("sendMessage"), 3000))
                .as("support bot (4/s of its own), in some 3 seconds").isBetween(9, 12 + 1);
        assertThat(SendWindows.maxPerWindow(bots.support.requests("sendMessage"), 1000))
                .as("support bot, any second").isLessThanOrEqualTo(4 + 1);
    }

    @Test
    void theApplicationsOwnCallsThroughTheInjectedClientKeepEachBotsRate() {
        burst(DirectFloodApplication.class, 8, "tgfsm.bot.flood.chat.burst=1");

        eachBotSendsAtMost(1 + 1, 3 + 1);
        assertThat(SendWindows.maxPerWindow(both(), 3000)).as("both bots in some 3 seconds (one shared bucket: <= 4)")
                .isGreaterThanOrEqualTo(5);
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(BurstController.class)
    static class FloodApplication {
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(DirectBurstController.class)
    static class DirectFloodApplication {
    }

    /** Answers a number with as many messages sent through the application's own client. */
    @BotController
    public static class DirectBurstController {

        private final TelegramClient client;

        /**
         * Creates the controller.
         *
         * @param client the application's client (it follows the update's bot)
         */
        public DirectBurstController(TelegramClient client) {
            this.client = client;
        }

        /**
         * Sends as many messages as the text says.
         *
         * @param text how many messages
         * @param bot the bot it came to
         * @param update the message
         * @throws TelegramApiException if a call fails
         */
        @OnMessage
        public void burst(String text, BotIdentity bot, Update update) throws TelegramApiException {
            for (int i = 1; i <= Integer.parseInt(text); i++) {
                client.execute(SendMessage.builder().chatId(update.getMessage().getChatId()).text(bot.name() + " " + i)
                        .build());
            }
        }
    }

    /** Answers a number with as many replies. */
    @BotController
    public static class BurstController {

        /**
         * Replies as many times as the text says.
         *
         * @param text how many replies
         * @param bot the bot it came to
         * @param director replies
         */
        @OnMessage
        public void burst(String text, BotIdentity bot, Director director) {
            for (int i = 1; i <= Integer.parseInt(text); i++) {
                director.reply(bot.name() + " " + i);
            }
        }
    }
}
