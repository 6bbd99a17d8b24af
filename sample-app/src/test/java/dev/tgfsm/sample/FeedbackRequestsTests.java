package dev.tgfsm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.tgfsm.sample.flows.FeedbackRequests;
import dev.tgfsm.test.BotTester;
import dev.tgfsm.test.BotUser;
import dev.tgfsm.test.FsmBotTest;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.RecordingTelegramClient;

/**
 * The sample's feedback job: some minutes after an order, the job starts the feedback flow for the
 * user from outside any update; the question arrives, the flow's idle timeout runs, the user answers
 * it. A user busy in another flow is not interrupted, and is asked once free.
 */
@FsmBotTest(properties = "sample.console.enabled=false")
class FeedbackRequestsTests {

    @Autowired
    BotTester tester;

    @Autowired
    FeedbackRequests feedback;

    @Autowired
    RecordingTelegramClient telegram;

    private BotUser order(long id) {
        return tester.user(id).sends("/order").presses("Gadget").sends("12").sends("5 Main Street, Oslo")
                .expectState(null);
    }

    /** Whether the flow started for the user, for each time the job asked this user (other tests' users aside). */
    private static List<Boolean> started(List<FeedbackRequests.Asked> asked, long user) throws Exception {
        List<Boolean> started = new ArrayList<>();
        for (FeedbackRequests.Asked one : asked) {
            Boolean result = one.started().get(10, TimeUnit.SECONDS);
            if (one.user() == user) {
                started.add(result);
            }
        }
        return started;
    }

    @Test
    void theJobAsksForARatingAfterTheOrderAndTheUserAnswers() throws Exception {
        BotUser ann = order(61);
        assertThat(started(feedback.askDue(), 61)).as("not due yet").isEmpty();
        tester.advanceTime(Duration.ofMinutes(FeedbackRequests.DELAY_MINUTES));

        assertThat(started(feedback.askDue(), 61)).containsExactly(true);

        assertThat(telegram.calls("sendMessage").stream().filter(call -> "61".equals(call.param("chat_id")))
                .map(BotCall::text).toList()).last().isEqualTo("How was your order of 12 Gadget? Rate it from 1 to 5.");
        ann.expectState("feedback:rating");
        ann.idles(Duration.ofMinutes(13));
        assertThat(ann.lastReply()).as("the flow started from outside has its idle deadline")
                .contains("will expire in");
        ann.sends("7").expectReply("Maximum value is 5\n\nAttempt 1/3. Try again:");
        ann.sends("5").expectReply("Thanks for rating us 5/5!").expectState(null);
    }

    @Test
    void aUserInAnotherFlowIsNotInterruptedAndIsAskedOnceFree() throws Exception {
        BotUser bob = order(62);
        tester.advanceTime(Duration.ofMinutes(FeedbackRequests.DELAY_MINUTES));
        bob.sends("/register").expectState("register:name");

        assertThat(started(feedback.askDue(), 62)).containsExactly(false);
        bob.expectState("register:name");
        bob.sends("/cancel").expectState(null);
        tester.advanceTime(Duration.ofMinutes(1));

        assertThat(started(feedback.askDue(), 62)).containsExactly(true);
        bob.expectState("feedback:rating");
    }

    @Test
    void aUserWhoOrdersAgainBeforeBeingAskedIsAskedOnceAboutTheLatestOrder() throws Exception {
        BotUser cid = order(63);
        tester.advanceTime(Duration.ofMinutes(4));
        cid.sends("/order").presses("Gadget").sends("3").sends("5 Main Street, Oslo").expectState(null);
        tester.advanceTime(Duration.ofMinutes(FeedbackRequests.DELAY_MINUTES - 4));
        assertThat(started(feedback.askDue(), 63)).as("the first order's time has come, but it was replaced")
                .isEmpty();

        tester.advanceTime(Duration.ofMinutes(4));
        assertThat(started(feedback.askDue(), 63)).containsExactly(true);
        assertThat(telegram.calls("sendMessage").stream().filter(call -> "63".equals(call.param("chat_id")))
                .map(BotCall::text).toList()).last().isEqualTo("How was your order of 3 Gadget? Rate it from 1 to 5.");
        cid.expectState("feedback:rating");
        tester.advanceTime(Duration.ofMinutes(FeedbackRequests.DELAY_MINUTES));
        assertThat(started(feedback.askDue(), 63)).as("asked once").isEmpty();
    }
}
