package dev.tgfsm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tgfsm.test.BotTester;
import dev.tgfsm.test.BotUser;
import dev.tgfsm.test.FsmBotTest;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.RecordingTelegramClient;

/**
 * Plays the sample's flows through the whole stack (starter, dispatcher, flow engine, scenes,
 * router, the sample's SQLite store) with the test kit: updates in, recorded Bot API calls out,
 * time moved by hand for the idle timeout.
 */
@FsmBotTest(properties = {"sample.console.enabled=false", "tgfsm.storage.type=jdbc"})
class SampleBotFlowTests {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void sqlite(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + dir.resolve("sample.db"));
    }

    @Autowired
    BotTester tester;

    private RecordingTelegramClient telegram;

    private BotUser user;

    private long userId;

    @BeforeEach
    void newUser() {
        userId = System.nanoTime() % 1_000_000_000L;
        user = tester.user(userId);
        telegram = tester.telegram();
    }

    private String say(String text) {
        return String.join(" | ", user.sends(text).replies());
    }

    private String press(String label) {
        return String.join(" | ", user.presses(label).replies());
    }

    private String state() {
        return user.state();
    }

    @Test
    void registrationValidatesSuggestsGoesBackAndConfirms() {
        assertThat(say("/register")).isEqualTo("What is your name?");
        assertThat(say("Ann")).isEqualTo("Nice! What is your email?");
        assertThat(say("ann@gmial.com")).isEqualTo("Did you mean ann@gmail.com?");
        assertThat(say("/back")).isEqualTo("What is your name?");
        assertThat(say("Anna")).isEqualTo("Nice! What is your email?");
        assertThat(say("not-an-email")).isEqualTo("Please enter a valid email address\n\nAttempt 1/5. Try again:");
        assertThat(say("anna@gmial.com")).isEqualTo("Did you mean anna@gmail.com?");
        assertThat(press("anna@gmail.com")).startsWith("Please confirm:").contains("Name: Anna")
                .contains("Email: anna@gmail.com");
        assertThat(press("Confirm")).isEqualTo("You are registered. Welcome aboard!");
        assertThat(state()).isNull();
    }

    @Test
    void giftFlowCallsTheDeliveryFlowAndGetsTheAddressBack() {
        assertThat(say("/gift")).isEqualTo("Who is the gift for?");
        assertThat(say("Mia")).isEqualTo("Street and number?");
        assertThat(state()).isEqualTo("delivery:street");
        assertThat(say("/back")).isEqualTo("Who is the gift for?");
        assertThat(say("Mia")).isEqualTo("Street and number?");
        assertThat(say("Elm 2")).isEqualTo("City?");
        assertThat(say("/cancel")).isEqualTo("Cancelled. | Who is the gift for?");
        assertThat(say("Mia")).isEqualTo("Street and number?");
        assertThat(say("Elm 2")).isEqualTo("City?");
        assertThat(say("Oslo")).isEqualTo("A gift for Mia goes to Elm 2, Oslo.");
        assertThat(state()).isNull();
    }

    @Test
    void orderWizardTransformsQuantityAndSummarises() {
        assertThat(say("/order")).isEqualTo("What product do you want to order?");
        assertThat(press("Gadget")).isEqualTo("How many Gadget do you want? (1-100)");
        assertThat(say("0")).isEqualTo("Minimum value is 1\n\nAttempt 1/3. Try again:");
        assertThat(say("12")).isEqualTo("What is your delivery address?");
        assertThat(say("short")).isEqualTo("Please enter at least 10 characters\n\nAttempt 1/3. Try again:");
        assertThat(say("5 Main Street, Oslo"))
                .isEqualTo("Order placed!\nProduct: Gadget\nQuantity: 12\nAddress: 5 Main Street, Oslo");
    }

    @Test
    void customerFlowBranchesOnTheLookup() {
        assertThat(say("/customer")).isEqualTo("Are you a new or existing customer?");
        assertThat(press("Existing Customer")).isEqualTo("Please enter your account ID:");
        assertThat(say("77")).isEqualTo("No account with that ID.");
        assertThat(press("Try again")).isEqualTo("Please enter your account ID:");
        assertThat(say("4242")).isEqualTo("What would you like to do?");
        assertThat(press("Support")).isEqualTo("Our team will contact you soon.");
    }

    @Test
    void bookingClearLeavesTheProfile() {
        say("/register");
        say("Bob");
        say("bob@example.com");
        press("Confirm");
        assertThat(say("/booking")).startsWith("No booking yet.");
        assertThat(press("Grand")).isEqualTo("Booked 1 night(s) at Grand.");
        say("/booking");
        assertThat(press("Grand")).isEqualTo("Booked 2 night(s) at Grand.");
        assertThat(say("/booking_clear")).startsWith("Booking cleared. Your profile is untouched: ")
                .contains("bob@example.com");
        assertThat(say("/booking")).startsWith("No booking yet.");
    }

    @Test
    void anOldHotelButtonWhoseDataNoLongerFitsIsAnsweredWithoutBooking() {
        say("/booking");
        String state = state();
        int answers = telegram.calls("answerCallbackQuery").size();
        user.receives(tester.updates().callback(userId, userId, 1, "book:Grand:2"));
        assertThat(user.replies()).as("no handler and no fallback reply").isEmpty();
        assertThat(telegram.calls("answerCallbackQuery")).as("the button is answered").hasSize(answers + 1);
        assertThat(state()).isEqualTo(state);
        assertThat(press("Grand")).isEqualTo("Booked 1 night(s) at Grand.");
    }

    @Test
    void settingsScenesGoBackLevelByLevelAndKeepPreferences() {
        assertThat(say("/settings")).isEqualTo("Settings");
        assertThat(state()).isEqualTo("scene:settings");
        assertThat(press("Language")).startsWith("Language (now: English)");
        assertThat(press("Deutsch")).isEqualTo("language set to Deutsch. /back to return.");
        assertThat(say("/back")).isEqualTo("Settings");
        assertThat(press("Language")).startsWith("Language (now: Deutsch)");
        assertThat(say("/back")).isEqualTo("Settings");
        assertThat(say("/back")).isEmpty();
        assertThat(state()).isNull();
    }

    @Test
    void cancelWorksEverywhereAndUnknownInputGetsAHint() {
        say("/order");
        assertThat(say("/cancel")).isEqualTo("Cancelled. Use /start to begin again.");
        assertThat(state()).isNull();
        assertThat(say("what?")).isEqualTo("I didn't understand that. Send /help to see what I can do.");
        assertThat(say("/help")).startsWith("What I can do:");
    }

    @Test
    void theLanguagePreferenceSurvivesCancelAndResetAndLocalisesTgfsmsTexts() {
        say("/settings");
        press("Language");
        press("Deutsch");
        assertThat(say("/cancel")).isEqualTo("Abgebrochen. Mit /start beginnst du von vorn.");
        say("/order");
        press("Gadget");
        assertThat(say("0")).isEqualTo("Der kleinste Wert ist 1\n\nVersuch 1/3. Bitte noch einmal:");
        assertThat(say("/cancel")).isEqualTo("Abgebrochen. Mit /start beginnst du von vorn.");
        say("/booking");
        assertThat(say("/reset")).isEqualTo("Sitzung zur\u00fcckgesetzt. Alle Daten gel\u00f6scht.");
        assertThat(state()).isNull();
        say("/settings");
        assertThat(press("Language")).startsWith("Language (now: Deutsch)");
    }

    @Test
    void theMainMenuIsALiveMessageEditedInPlace() {
        assertThat(say("/start")).startsWith("Welcome to the tgfsm sample bot! Pick");
        assertThat(say("/start")).contains("updates so far");
        List<BotCall> sent = mine("sendMessage");
        List<BotCall> edited = mine("editMessageText");
        assertThat(sent).hasSize(1);
        assertThat(edited).hasSize(1);
        assertThat(edited.get(0).param("message_id"))
                .isEqualTo(String.valueOf(((Map<?, ?>) sent.get(0).result()).get("message_id")));

        telegram.failNext("editMessageText", "Bad Request: message to edit not found");
        say("/start");
        assertThat(mine("sendMessage")).hasSize(2);
        say("/start");
        assertThat(mine("editMessageText").get(mine("editMessageText").size() - 1).param("message_id"))
                .isEqualTo(String.valueOf(((Map<?, ?>) mine("sendMessage").get(1).result()).get("message_id")));
    }

    @Test
    void payingBeforeBookingIsAForbiddenTransition() {
        assertThat(say("/pay")).isEqualTo("You cannot pay yet: book a night first (/booking).");
        assertThat(state()).isNull();
        say("/booking");
        press("Seaside");
        assertThat(say("/pay")).isEqualTo("Paid. Thank you!");
        assertThat(state()).isEqualTo("BookingStep:PAID");
    }

    @Test
    void anIdleOrderIsWarnedThenExpiredWithoutANewUpdate() {
        say("/order");
        assertThat(state()).isEqualTo("order:product");

        user.idles(Duration.ofMinutes(11)).expectNoReply();
        user.idles(Duration.ofMinutes(2));
        assertThat(user.replies()).singleElement().asString().contains("will expire in");
        assertThat(state()).isEqualTo("order:product");

        user.idles(Duration.ofMinutes(3)).expectReply("Your session expired. Use /start to begin again.");
        assertThat(state()).isNull();
    }

    private List<BotCall> mine(String method) {
        return telegram.calls(method).stream().filter(c -> String.valueOf(userId).equals(c.param("chat_id"))).toList();
    }
}
