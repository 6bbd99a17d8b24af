package dev.tgfsm.sample.e2e;

import static dev.tgfsm.sample.e2e.TelegramUser.labels;
import static dev.tgfsm.sample.e2e.TelegramUser.markup;
import static dev.tgfsm.sample.e2e.TelegramUser.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbound.FloodControlledTelegramClient;
import dev.tgfsm.testing.LocalBotApiServer;
import dev.tgfsm.testing.LocalBotApiServer.Request;

/**
 * The sample bot as deployed: TelegramBots' long polling and {@link OkHttpTelegramClient} against a
 * local Bot API server, state in an SQLite file. Every flow is played through {@code getUpdates},
 * and the replies are asserted from the requests the server received.
 */
@SpringBootTest(properties = {"tgfsm.bot.token=123:TEST", "sample.console.enabled=false"})
@DirtiesContext // the context polls this class's server: close it with the class
class SampleEndToEndIT {

    private static final LocalBotApiServer API = start();

    private static final AtomicLong USERS = new AtomicLong(7_000);

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) {
        registry.add("tgfsm.bot.api-url", API::url);
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + dir.resolve("e2e.db"));
    }

    @Autowired
    CompletedUpdates completed;

    @Autowired
    TelegramClient client;

    @Autowired
    FsmContexts contexts;

    private TelegramUser user;

    private long userId;

    @BeforeEach
    void newUser() {
        userId = USERS.incrementAndGet();
        user = new TelegramUser(API, completed, userId);
    }

    @Test
    void startShowsTheMenuAndHelpListsEveryFeature() {
        assertThat(FloodControlledTelegramClient.isFloodControlled(client))
                .as("the application's client is flood-controlled").isTrue();
        List<Request> menu = user.say("/start");
        assertThat(menu).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("sendmessage");
            assertThat(r.param("chat_id")).isEqualTo(String.valueOf(userId));
            assertThat(r.param("text")).isEqualTo("Welcome to the tgfsm sample bot! Pick something to try:");
            assertThat(labels(r)).containsExactly(List.of("Register"), List.of("Order"), List.of("Customer"),
                    List.of("Booking"), List.of("Settings"));
        });
        assertThat(texts(user.say("/help"))).startsWith("What I can do:").contains("/register", "/order",
                "/customer", "/booking", "/settings", "/cancel", "cleaned up", "too fast");
    }

    @Test
    void registrationValidatesSuggestsGoesBackAndConfirms() {
        int menu = user.say("/start").get(0).messageId();
        List<Request> started = user.press("Register");
        assertThat(texts(started)).isEqualTo("What is your name?");
        assertDeleted(started, menu);
        assertThat(texts(user.say("A"))).isEqualTo("Please enter at least 2 characters\n\nAttempt 1/5. Try again:");
        assertThat(texts(user.say("Ann"))).isEqualTo("Nice! What is your email?");
        List<Request> suggestion = user.say("ann@gmial.com");
        assertThat(texts(suggestion)).isEqualTo("Did you mean ann@gmail.com?");
        assertThat(labels(sent(suggestion))).containsExactly(List.of("ann@gmail.com"), List.of("Keep ann@gmial.com"));
        List<Request> back = user.say("/back");
        assertThat(texts(back)).isEqualTo("What is your name?");
        assertDeleted(back, suggestion.get(0).messageId());
        assertThat(texts(user.say("Anna"))).isEqualTo("Nice! What is your email?");
        int offered = user.say("anna@gmial.com").get(0).messageId();
        List<Request> confirm = user.press("anna@gmail.com");
        assertThat(texts(confirm)).isEqualTo("Please confirm:\nName: Anna\nEmail: anna@gmail.com");
        assertThat(labels(sent(confirm))).containsExactly(List.of("Confirm"), List.of("Edit"));
        assertDeleted(confirm, offered);
        List<Request> done = user.press("Confirm");
        assertThat(texts(done)).isEqualTo("You are registered. Welcome aboard!");
        assertDeleted(done, user.lastKeyboard().messageId());
        assertThat(state()).isNull();
    }

    @Test
    void orderWizardTransformsTheQuantityAndSummarises() {
        List<Request> product = user.say("/order");
        assertThat(texts(product)).isEqualTo("What product do you want to order?");
        assertThat(labels(sent(product))).containsExactly(List.of("Widget"), List.of("Gadget"), List.of("Gizmo"));
        List<Request> quantity = user.press("Gadget");
        assertThat(texts(quantity)).isEqualTo("How many Gadget do you want? (1-100)");
        assertDeleted(quantity, product.get(0).messageId());
        assertThat(texts(user.say("0"))).isEqualTo("Minimum value is 1\n\nAttempt 1/3. Try again:");
        assertThat(texts(user.say("101"))).isEqualTo("Maximum value is 100\n\nAttempt 2/3. Try again:");
        assertThat(texts(user.say("12"))).isEqualTo("What is your delivery address?");
        assertThat(state()).isEqualTo("order:address");
        assertThat(orderValues(contexts.writeThrough(key()).getData())).containsEntry("product", "Gadget")
                .containsEntry("quantity", 12);
        assertThat(texts(user.say("short")))
                .isEqualTo("Please enter at least 10 characters\n\nAttempt 1/3. Try again:");
        assertThat(texts(user.say("5 Main Street, Oslo")))
                .isEqualTo("Order placed!\nProduct: Gadget\nQuantity: 12\nAddress: 5 Main Street, Oslo");
        assertThat(state()).isNull();
    }

    @Test
    void customerFlowRetriesAnUnknownAccountAndOpensTheAccountMenu() {
        assertThat(texts(user.say("/customer"))).isEqualTo("Are you a new or existing customer?");
        assertThat(texts(user.press("Existing Customer"))).isEqualTo("Please enter your account ID:");
        List<Request> notFound = user.say("77");
        assertThat(texts(notFound)).isEqualTo("No account with that ID.");
        assertThat(labels(sent(notFound))).containsExactly(List.of("Try again"));
        assertThat(texts(user.press("Try again"))).isEqualTo("Please enter your account ID:");
        List<Request> found = user.say("4242");
        assertThat(texts(found)).isEqualTo("What would you like to do?");
        assertThat(labels(sent(found))).containsExactly(List.of("View Orders"),
                List.of("Update Profile"), List.of("Support"));
        assertThat(texts(user.press("View Orders"))).isEqualTo("You have no open orders.");
        assertThat(state()).isNull();
    }

    @Test
    void bookingClearKeepsTheProfile() {
        user.say("/register");
        user.say("Bob");
        user.say("bob@example.com");
        user.press("Confirm");
        assertThat(texts(user.say("/booking"))).isEqualTo("No booking yet.\nPick a hotel:");
        assertThat(texts(user.press("Seaside"))).isEqualTo("Booked 1 night(s) at Seaside.");
        assertThat(texts(user.say("/booking"))).startsWith("Booked: 1 night(s) at Seaside.");
        assertThat(texts(user.press("Seaside"))).isEqualTo("Booked 2 night(s) at Seaside.");
        assertThat(texts(user.say("/booking_clear"))).startsWith("Booking cleared. Your profile is untouched: ")
                .contains("name=Bob", "email=bob@example.com");
        assertThat(texts(user.say("/booking"))).startsWith("No booking yet.");
    }

    @Test
    void settingsScenesGoBackOverLevelsAndKeepPreferences() {
        assertThat(texts(user.say("/settings"))).isEqualTo("Settings");
        assertThat(texts(user.press("Language"))).isEqualTo("Language (now: English)");
        assertThat(state()).isEqualTo("scene:settings.language");
        assertThat(texts(user.press("Deutsch"))).isEqualTo("language set to Deutsch. /back to return.");
        assertThat(texts(user.say("/back"))).isEqualTo("Settings");
        assertThat(texts(user.press("Notifications"))).isEqualTo("Notifications (now: on)");
        assertThat(texts(user.press("Off"))).isEqualTo("notifications set to off. /back to return.");
        assertThat(texts(user.say("/back"))).isEqualTo("Settings");
        assertThat(texts(user.press("Language"))).isEqualTo("Language (now: Deutsch)");
        assertThat(texts(user.say("/back"))).isEqualTo("Settings");
        assertThat(texts(user.say("/back"))).isEmpty();
        assertThat(state()).isNull();
    }

    @Test
    void cancelLeavesTheFlowRemovesTheKeyboardAndCleansUp() {
        int prompt = user.say("/order").get(0).messageId();
        List<Request> cancelled = user.say("/cancel");
        assertThat(texts(cancelled)).isEqualTo("Cancelled. Use /start to begin again.");
        assertThat(markup(sent(cancelled))).containsEntry("remove_keyboard", true);
        assertDeleted(cancelled, prompt);
        assertThat(state()).isNull();
        assertThat(texts(user.say("/cancel"))).isNotEmpty();
        assertThat(texts(user.say("what?"))).isEqualTo("I didn't understand that. Send /help to see what I can do.");
    }

    private static Request sent(List<Request> requests) {
        return requests.stream().filter(r -> r.method().equals("sendmessage")).reduce((a, b) -> b).orElseThrow();
    }

    private void assertDeleted(List<Request> requests, int messageId) {
        assertThat(requests).filteredOn(r -> r.method().equals("deletemessages"))
                .singleElement().satisfies(r -> assertThat(r.params().get("message_ids")).asList()
                        .map(String::valueOf).contains(String.valueOf(messageId)));
    }

    /**
     * Returns the values the order wizard has collected so far.
     *
     * @param data the conversation's data
     * @return the values
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> orderValues(Map<String, Object> data) {
        return (Map<String, Object>) ((Map<String, Object>) data.get("flow:order")).get("values");
    }

    private StorageKey key() {
        return StorageKey.of(123, userId, userId);
    }

    private String state() {
        return contexts.writeThrough(key()).getState();
    }

    private static LocalBotApiServer start() {
        try {
            return LocalBotApiServer.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Support {

        @Bean
        CompletedUpdates completedUpdates() {
            return new CompletedUpdates();
        }

        /** Closes the server when the context closes, after long polling has stopped. */
        @Bean
        DisposableBean localBotApiServer() {
            return API::close;
        }
    }
}
