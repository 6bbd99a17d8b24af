package dev.tgfsm.test.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.tgfsm.telegram.BotFleet;
import dev.tgfsm.telegram.LongPollingIntake;
import dev.tgfsm.test.BotTester;
import dev.tgfsm.test.BotUser;
import dev.tgfsm.test.FsmBotTest;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.RecordingTelegramClient;

/**
 * The kit plays an application with a further bot ({@code tgfsm.bots}): each bot is driven through
 * its own dispatcher, answers through its own recorder and keeps its own conversations, and the
 * further bot never polls Telegram.
 */
@FsmBotTest(properties = {"tgfsm.bots[0].name=support", "tgfsm.bots[0].token=456:support-token",
        "tgfsm.timeout.idle=10m", "tgfsm.timeout.warning-before=2m"})
class FleetTesterTests {

    @Autowired
    BotTester tester;

    @Autowired
    RecordingTelegramClient telegram;

    @Autowired
    BotFleet fleet;

    @Test
    void theSameChatKeepsASeparateConversationWithEachBot() {
        BotUser shopper = tester.user(201);
        BotUser asker = tester.bot("support").user(201);

        shopper.sends("/start").expectReply("Welcome to the shop of bot default (0)").expectState("shop:browsing");
        asker.expectState(null);
        asker.sends("/help").expectReply("How can bot support (456) help?").expectState("support:ticket");
        shopper.expectState("shop:browsing");
        assertThat(tester.bot("default")).isSameAs(tester);
    }

    @Test
    void eachBotAnswersThroughItsOwnRecorderAndOnlyItsOwnControllers() {
        RecordingTelegramClient support = tester.bot("support").telegram();

        tester.bot("support").user(202).sends("/start").expectNoReply().expectState(null);
        tester.user(202).sends("/help").expectNoReply().expectState(null);
        tester.bot("support").user(202).sends("/help").expectReply("How can bot support (456) help?");

        assertThat(support).isNotSameAs(telegram);
        assertThat(support.calls("sendMessage")).filteredOn(c -> "202".equals(c.param("chat_id")))
                .extracting(BotCall::text).containsExactly("How can bot support (456) help?");
        assertThat(telegram.calls("sendMessage")).extracting(BotCall::text)
                .doesNotContain("How can bot support (456) help?");
    }

    @Test
    void theFurtherBotsTimeoutsFireWhenTimeMovesAndItsRecorderSendsThem() {
        BotUser asker = tester.bot("support").user(203).sends("/help");
        BotUser shopper = tester.user(203);

        asker.idles(Duration.ofMinutes(9));
        assertThat(asker.lastReply()).contains("will expire in");
        shopper.expectState(null);
        asker.idles(Duration.ofMinutes(2)).expectReply("Your session expired. Use /start to begin again.")
                .expectState(null);
    }

    @Test
    void theFurtherBotNeitherPollsNorRegistersAWebhook() {
        assertThat(fleet.members()).singleElement().satisfies(member -> {
            assertThat(member.identity().name()).isEqualTo("support");
            assertThat(member.intake()).isNotInstanceOf(LongPollingIntake.class);
        });
        assertThat(fleet.intakes()).isEmpty();
        assertThat(fleet.webhooks()).isEmpty();
    }

    @Test
    void anUnknownBotFailsNamingTheBots() {
        assertThatThrownBy(() -> tester.bot("sales")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sales'").hasMessageContaining("[default, support]");
    }
}
