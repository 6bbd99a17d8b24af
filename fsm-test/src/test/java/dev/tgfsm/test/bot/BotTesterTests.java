package dev.tgfsm.test.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.springframework.beans.factory.annotation.Autowired;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.test.BotTester;
import dev.tgfsm.test.BotUser;
import dev.tgfsm.test.FsmBotTest;
import dev.tgfsm.testing.RecordingTelegramClient;

/**
 * The kit plays a real application end to end: the pizza wizard through the starter's routing,
 * flow engine and storage, answered by the recorder, with time moved by hand.
 */
@FsmBotTest(properties = {"tgfsm.timeout.idle=10m", "tgfsm.timeout.warning-before=2m"})
class BotTesterTests {

    @Autowired
    BotTester tester;

    @Autowired
    FsmStorage storage;

    @Autowired
    TelegramClient client;

    @Autowired
    RecordingTelegramClient telegram;

    @Test
    void aWizardRunsWithButtonsValidationStateAndData() {
        BotUser ann = tester.user(101);

        ann.sends("/pizza").expectReply("Which size?").expectKeyboard("Small", "Large").expectState("pizza:size");
        ann.presses("Large").expectReply("How many slices? (4-12)").expectData("flow:pizza.values.size", "Large");
        ann.sends("2").expectState("pizza:slices");
        assertThat(ann.lastReply()).contains("4");
        ann.sends("8").expectReply("Where to?").expectData("flow:pizza.values.slices", 8);
        ann.sends("5 Main Street").expectReply("Ordered a Large pizza in 8 slices to 5 Main Street").expectState(null);
    }

    @Test
    void aReplyKeyboardButtonSendsItsLabel() {
        tester.user(102).sends("/drinks").expectReply("Tea or coffee?").expectKeyboard("Tea", "Coffee")
                .presses("Coffee").expectReply("Here is your coffee.");
    }

    @Test
    void aButtonNotOnTheLastKeyboardFailsNamingTheKeyboard() {
        BotUser bob = tester.user(103).sends("/pizza");

        assertThatThrownBy(() -> bob.presses("Medium")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("No button 'Medium'").hasMessageContaining("[[Small], [Large]]");
        assertThatThrownBy(() -> tester.user(104).presses("Large")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("No keyboard");
    }

    @Test
    void aWrongReplyFailsWithWhatWasExpectedAndWhatCame() {
        BotUser cid = tester.user(105).sends("/pizza");

        assertThatThrownBy(() -> cid.expectReply("Which crust?")).isInstanceOfSatisfying(AssertionFailedError.class,
                ex -> {
                    assertThat(ex.getExpected().getStringRepresentation()).contains("Which crust?");
                    assertThat(ex.getActual().getStringRepresentation()).contains("Which size?");
                });
        assertThatThrownBy(() -> cid.expectState("pizza:address")).isInstanceOf(AssertionFailedError.class);
        assertThatThrownBy(() -> cid.expectData("flow:pizza.values.size", "Small"))
                .isInstanceOf(AssertionFailedError.class);
        assertThatThrownBy(cid::expectNoReply).isInstanceOf(AssertionFailedError.class);
    }

    @Test
    void anIdleConversationIsWarnedThenExpiredWhenTimeMoves() {
        BotUser dan = tester.user(106).sends("/pizza").presses("Small");

        dan.idles(Duration.ofMinutes(7)).expectNoReply().expectState("pizza:slices");
        dan.idles(Duration.ofMinutes(2));
        assertThat(dan.lastReply()).contains("will expire in");
        dan.idles(Duration.ofMinutes(2)).expectReply("Your session expired. Use /start to begin again.")
                .expectState(null);
    }

    @Test
    void aFailingHandlerFailsTheTestWithItsException() {
        assertThatThrownBy(() -> tester.user(107).sends("/fail")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("The bot failed").hasRootCauseMessage("the oven is cold");
    }

    @Test
    void theBotRunsInMemoryAndSendsThroughTheRecorder() {
        assertThat(storage).isInstanceOf(InMemoryFsmStorage.class);
        assertThat(client).isSameAs(telegram.client()).isSameAs(tester.telegram().client());
        tester.user(108).sends("/drinks");
        assertThat(telegram.calls("sendMessage")).anySatisfy(c -> assertThat(c.param("chat_id")).isEqualTo("108"));
    }

    @Test
    void aUserInAGroupHasAConversationOfTheirOwn() {
        BotUser inGroup = tester.user(109, -500).sends("/pizza").expectReply("Which size?");
        BotUser alone = tester.user(109);

        inGroup.expectState("pizza:size");
        alone.expectState(null);
        assertThat(inGroup.calls()).allSatisfy(c -> assertThat(c.param("chat_id")).isEqualTo("-500"));
    }
}
