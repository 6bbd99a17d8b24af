package dev.tgfsm.telegram;

import static dev.tgfsm.telegram.SubFlowApplication.say;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.tgfsm.testing.LocalBotApiServer;

/**
 * Sub-flows through the real TelegramBots client against the local Bot API server: a flow calls
 * another and gets its values, {@code /back} and {@code /cancel} cross the boundary, and a scene
 * calls the same flow with {@code @After(callFlow)} and is resumed with the result. The cases share one
 * application and one server (each is its own user); the one that needs another setting starts its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubFlowEndToEndIT {

    private static final String TOKEN = "888001:e2e-subflow-token";

    private LocalBotApiServer api;

    private ConfigurableApplicationContext shared;

    @BeforeAll
    void startApi() throws Exception {
        api = LocalBotApiServer.start();
        shared = start(api);
    }

    @AfterAll
    void stopApi() {
        try {
            shared.close();
        }
        finally {
            api.close();
        }
    }

    @Test
    void aFlowCallsASubFlowAndGetsItsResultAcrossBackAndCancel() {
        long dana = 701;
        say(api, dana, "/checkout", "Item?");
        say(api, dana, "Lamp", "Street?");
        say(api, dana, "/back", "Item?");
        say(api, dana, "Desk", "Street?");
        say(api, dana, "Main 1", "City?");
        say(api, dana, "/cancel", "Cancelled.", "Item?");
        say(api, dana, "Lamp", "Street?");
        say(api, dana, "Main 1", "City?");
        say(api, dana, "Springfield", "Pay for Lamp to Springfield?");
        say(api, dana, "yes", "Order: Lamp to Main 1, Springfield");
        say(api, dana, "/cancel", "Nothing to cancel.");
    }

    @Test
    void aSceneCallsAFlowWithAfterAndIsResumedWithTheResult() {
        long emil = 702;
        say(api, emil, "/shop", "Shop: say ship");
        say(api, emil, "ship", "Where to?", "Street?");
        say(api, emil, "/back", "No address");
        say(api, emil, "ship", "Where to?", "Street?");
        say(api, emil, "Elm 2", "City?");
        say(api, emil, "Ogdenville", "Shipping to Ogdenville");
        assertThat(api.texts(emil)).hasSize(8);
    }

    @Test
    void aFlowCallsASceneThenASubFlowWhoseInvalidAnswersReturnToTheCaller() {
        long fay = 703;
        say(api, fay, "/gift", "Item?");
        say(api, fay, "Book", "Paper?");
        say(api, fay, "/cancel", "Cancelled.", "Item?");
        say(api, fay, "Book", "Paper?");
        say(api, fay, "red", "How many?");
        say(api, fay, "lots", "Please enter a whole number\n\nAttempt 1/2. Try again:");
        say(api, fay, "plenty", "Too many invalid attempts. Back to the previous step.", "Item?");
        say(api, fay, "Pen", "Paper?");
        say(api, fay, "blue", "How many?");
        say(api, fay, "2", "Gift: Pen in blue x 2");
        say(api, fay, "/cancel", "Nothing to cancel.");
    }

    @Test
    void aSceneAFlowCalledAndLeftWithAfterExitReturnsToTheFlowAndKeepsNoCall() {
        long ida = 706;
        say(api, ida, "/gift", "Item?");
        say(api, ida, "Book", "Paper?");
        say(api, ida, "no wrapping", "No wrapping then", "Item?");
        say(api, ida, "Pen", "Paper?");
        say(api, ida, "blue", "How many?");
        say(api, ida, "3", "Gift: Pen in blue x 3");
        say(api, ida, "/shop", "Shop: say ship");
        say(api, ida, "wrap", "Paper?");
        say(api, ida, "no wrapping", "No wrapping then", "No address");
    }

    @Test
    void aSceneCallsTheSameSceneWithAfterAndIsResumedWithItsResultOrByCancel() {
        long hal = 705;
        say(api, hal, "/shop", "Shop: say ship");
        say(api, hal, "wrap", "Paper?");
        say(api, hal, "/cancel", "Cancelled.", "No address");
        say(api, hal, "wrap", "Paper?");
        say(api, hal, "blue", "Wrapped in blue");
    }

    @Test
    void backFromTheSceneACalledSceneWentToWithAfterGoToReturnsThroughTheCalledSceneToTheCaller() {
        long jo = 707;
        say(api, jo, "/gift", "Item?");
        say(api, jo, "Book", "Paper?");
        say(api, jo, "ribbon", "Ribbon?");
        say(api, jo, "/back", "Paper?");
        say(api, jo, "/back", "Item?");
        say(api, jo, "Pen", "Paper?");
        say(api, jo, "ribbon", "Ribbon?");
        say(api, jo, "/back", "Paper?");
        say(api, jo, "ribbon", "Ribbon?");
        say(api, jo, "gold", "How many?");
        say(api, jo, "2", "Gift: Pen in gold ribbon x 2");
        say(api, jo, "/shop", "Shop: say ship");
        say(api, jo, "wrap", "Paper?");
        say(api, jo, "ribbon", "Ribbon?");
        say(api, jo, "/back", "Paper?");
        say(api, jo, "/back", "No address");
        say(api, jo, "wrap", "Paper?");
        say(api, jo, "ribbon", "Ribbon?");
        say(api, jo, "/cancel", "Cancelled.", "No address");
    }

    @Test
    void tooManyInvalidAnswersInASubFlowCancelAllWhenConfigured() throws Exception {
        long gus = 704;
        try (LocalBotApiServer own = LocalBotApiServer.start();
                ConfigurableApplicationContext app = start(own, "tgfsm.flows.sub-flow-cancel=all")) {
            say(own, gus, "/gift", "Item?");
            say(own, gus, "Book", "Paper?");
            say(own, gus, "red", "How many?");
            say(own, gus, "lots", "Please enter a whole number\n\nAttempt 1/2. Try again:");
            say(own, gus, "plenty", "Too many invalid attempts. Operation cancelled. Use /start to try again.");
            say(own, gus, "/cancel", "Nothing to cancel.");
        }
    }

    /**
     * Starts the application on a server. The outbound flood control is off: on (the default) it
     * paces the replies of one chat to one per second after a burst of three, which is right for a
     * user who types that fast and made each step here take a second.
     */
    private static ConfigurableApplicationContext start(LocalBotApiServer server, String... more) {
        return new SpringApplicationBuilder(SubFlowApplication.class).web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + server.url(),
                        "tgfsm.bot.flood.enabled=false", "tgfsm.storage.type=memory",
                        "spring.data.redis.repositories.enabled=false",
                        "spring.autoconfigure.exclude=org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration,"
                                + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
                .properties(more)
                .run();
    }
}
