package dev.tgfsm.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.tgfsm.test.BotTester;
import dev.tgfsm.test.BotUser;
import dev.tgfsm.test.FsmBotTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's order wizard end to end with the test kit, exactly as the README's "Testing your bot"
 * shows it (checked by {@link ReadmeTestingSnippetTests}).
 */
// README:begin
@FsmBotTest(properties = "sample.console.enabled=false")
class OrderFlowTests {

    @Autowired
    BotTester tester;

    @Test
    void aUserOrdersAGadget() {
        BotUser ann = tester.user(42);
        ann.sends("/order")
                .expectReply("What product do you want to order?")
                .expectKeyboard("Widget", "Gadget", "Gizmo")
                .expectState("order:product");
        ann.presses("Gadget")
                .expectReply("How many Gadget do you want? (1-100)")
                .expectData("flow:order.values.product", "Gadget");
        ann.sends("0").expectReply("Minimum value is 1\n\nAttempt 1/3. Try again:");
        ann.sends("12").expectReply("What is your delivery address?");
        ann.sends("5 Main Street, Oslo")
                .expectReply("Order placed!\nProduct: Gadget\nQuantity: 12\nAddress: 5 Main Street, Oslo")
                .expectState(null);
    }

    @Test
    void anIdleOrderIsWarnedThenExpires() {
        BotUser bob = tester.user(43).sends("/order");
        bob.idles(Duration.ofMinutes(11)).expectNoReply();
        bob.idles(Duration.ofMinutes(2));
        assertThat(bob.lastReply()).contains("will expire in");
        bob.idles(Duration.ofMinutes(3))
                .expectReply("Your session expired. Use /start to begin again.")
                .expectState(null);
    }
}
// README:end
