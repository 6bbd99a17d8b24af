package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.Fallback;
import dev.tgfsm.annotation.ForBot;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.annotation.OnEditedMessage;
import dev.tgfsm.annotation.OnUpdate;
import dev.tgfsm.routing.UpdateKind;

/**
 * Controllers bound to one bot ({@code @BotController(bot = ...)}, as the README's {@link SupportDesk})
 * in an application serving two,
 * each polling its own local Bot API server: a bound controller gets only its bot's updates (the same
 * command bound to each bot reaches each bot's own method), unbound ones serve both; each bot takes
 * {@code /command@name} only with its own username (learnt with {@code getMe} when none is configured), and
 * ignores another bot's; each bot asks only for the kinds its routes
 * handle; a method with {@code @ForBot} is narrowed to its bot (its kinds asked for by that bot only);
 * a bot name that is not configured, a {@code @ForBot} contradicting its controller, or a fallback
 * in a bound controller or with {@code @ForBot}, fails the start-up.
 */
class SeveralBotsRoutingIT {

    private static final long USER = 5;

    @RegisterExtension
    final TwoBots bots = new TwoBots();

    private ConfigurableApplicationContext start(Class<?> application) {
        return bots.application(application, WebApplicationType.NONE, bots.supportBot())
                .properties("tgfsm.bot.username=main_bot", "tgfsm.bots[0].username=support_bot").run();
    }

    @Test
    void aBoundControllerGetsOnlyItsBotsUpdatesAndCommandsAddressTheBotTheyCameTo() {
        try (ConfigurableApplicationContext app = start(RoutingApplication.class)) {
            bots.main.enqueueMessage(USER, "/ticket");
            bots.support.enqueueMessage(USER, "/ticket");
            bots.main.awaitText(USER, "main desk: ticket", TwoBots.WAIT);
            bots.support.awaitText(USER, "Ticket opened with support", TwoBots.WAIT);

            bots.support.enqueueMessage(USER, "/who@support_bot");
            bots.support.awaitText(USER, "support: who", TwoBots.WAIT);
            bots.support.enqueueMessage(USER, "/who@main_bot"); // another bot's command: ignored, no fallback
            bots.main.enqueueMessage(USER, "/who@main_bot");
            bots.main.awaitText(USER, "default: who", TwoBots.WAIT);
            bots.main.enqueueMessage(USER, "/who@support_bot");
            bots.main.enqueueMessage(USER, "/faq");
            bots.support.enqueueMessage(USER, "/faq");
            bots.support.awaitText(USER, "support: faq", TwoBots.WAIT);
            bots.main.awaitText(USER, "default: not understood", TwoBots.WAIT);

            assertThat(bots.main.texts(USER)).containsExactly("main desk: ticket", "default: who",
                    "default: not understood");
            assertThat(bots.support.texts(USER)).containsExactly("Ticket opened with support", "support: who",
                    "support: faq");
            assertThat(bots.main.allowedUpdates(TwoBots.WAIT))
                    .as("no edited messages: only the support bot's; inline queries of its @ForBot method")
                    .containsExactlyInAnyOrder("message", "callback_query", "inline_query");
            assertThat(bots.support.allowedUpdates(TwoBots.WAIT))
                    .containsExactly("message", "edited_message", "callback_query");
        }
    }

    @Test
    void botsWithoutAConfiguredUsernameLearnItWithGetMeAndIgnoreCommandsForOtherBots() {
        // the local Bot API server calls every bot @test_bot
        try (ConfigurableApplicationContext app = bots.application(RoutingApplication.class, WebApplicationType.NONE,
                bots.supportBot()).run()) {
            bots.support.enqueueMessage(USER, "/who@main_bot"); // ignored once the username is known
            bots.support.enqueueMessage(USER, "/who@test_bot");
            bots.support.awaitText(USER, "support: who", TwoBots.WAIT);
            bots.main.enqueueMessage(USER, "/who@support_bot");
            bots.main.enqueueMessage(USER, "/who@test_bot");
            bots.main.awaitText(USER, "default: who", TwoBots.WAIT);

            assertThat(bots.support.texts(USER)).containsExactly("support: who");
            assertThat(bots.main.texts(USER)).containsExactly("default: who");
            assertThat(bots.main.requests("getMe")).hasSize(1);
            assertThat(bots.support.requests("getMe")).hasSize(1);
        }
    }

    @Test
    void aConfiguredUsernameIsNeverLookedUp() {
        try (ConfigurableApplicationContext app = start(RoutingApplication.class)) {
            bots.support.enqueueMessage(USER, "/who@support_bot");
            bots.support.awaitText(USER, "support: who", TwoBots.WAIT);
            assertThat(bots.main.requests("getMe")).isEmpty();
            assertThat(bots.support.requests("getMe")).isEmpty();
        }
    }

    @Test
    void anUnknownBotOrAFallbackBoundToOneBotFailsTheStartUp() {
        assertThatThrownBy(() -> start(UnknownBotApplication.class)).isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("@BotController(bot = \"sales\") on SalesController names no bot of this"
                        + " application; the bots are [default, support]");
        assertThatThrownBy(() -> start(BoundFallbackApplication.class)).isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("is a @Fallback in a controller bound to one bot");
    }

    @Test
    void aMethodBoundToAnUnknownBotOrAgainstItsControllerOrAFallbackWithForBotFailsTheStartUp() {
        assertThatThrownBy(() -> start(UnknownMethodBotApplication.class)).isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("@ForBot(\"sales\") on ")
                .hasMessageContaining(
                        "MethodForSales.sell() names no bot of this application; the bots are [default, support]");
        assertThatThrownBy(() -> start(ContradictionApplication.class)).isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("@ForBot(\"default\") on ")
                .hasMessageContaining("contradicts its controller's @BotController(bot = \"support\")");
        assertThatThrownBy(() -> start(ForBotFallbackApplication.class)).isInstanceOf(FsmConfigurationException.class)
                .hasMessageContaining("is a @Fallback in a controller bound to one bot or with @ForBot");
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({MainDesk.class, SupportDesk.class, SupportEdits.class, EveryBot.class})
    static class RoutingApplication {
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(SalesController.class)
    static class UnknownBotApplication {
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(SupportFallback.class)
    static class BoundFallbackApplication {
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(MethodForSales.class)
    static class UnknownMethodBotApplication {
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(MainMethodInSupportDesk.class)
    static class ContradictionApplication {
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(ForBotFallback.class)
    static class ForBotFallbackApplication {
    }

    /** The default bot's desk. */
    @BotController(bot = BotController.DEFAULT_BOT)
    public static class MainDesk {

        /**
         * Opens a ticket.
         *
         * @return the reply
         */
        @OnCommand("ticket")
        public String ticket() {
            return "main desk: ticket";
        }
    }

    /** Edited messages, which only the support bot takes. */
    @BotController(bot = "support")
    public static class SupportEdits {

        /**
         * Takes an edit.
         *
         * @return the reply
         */
        @OnEditedMessage
        public String edited() {
            return "edited";
        }
    }

    /** Serves both bots. */
    @BotController
    public static class EveryBot {

        /**
         * Says which bot this is.
         *
         * @param bot the bot the update came to
         * @return the reply
         */
        @OnCommand("who")
        public String who(BotIdentity bot) {
            return bot.name() + ": who";
        }

        /**
         * Answers what no route took.
         *
         * @param bot the bot the update came to
         * @return the reply
         */
        @Fallback
        public String fallback(BotIdentity bot) {
            return bot.name() + ": not understood";
        }

        /**
         * The FAQ, only on the support bot.
         *
         * @param bot the bot the update came to
         * @return the reply
         */
        @ForBot("support")
        @OnCommand("faq")
        public String faq(BotIdentity bot) {
            return bot.name() + ": faq";
        }

        /**
         * Inline queries, which only the main bot takes.
         */
        @ForBot(BotController.DEFAULT_BOT)
        @OnUpdate(kind = UpdateKind.INLINE_QUERY)
        public void inline() {
        }
    }

    /** A method bound to a bot that is not configured. */
    @BotController
    public static class MethodForSales {

        /**
         * Never routed.
         *
         * @return the reply
         */
        @ForBot("sales")
        @OnCommand("sell")
        public String sell() {
            return "sold";
        }
    }

    /** A method bound to another bot than its controller. */
    @BotController(bot = "support")
    public static class MainMethodInSupportDesk {

        /**
         * Never routed.
         *
         * @return the reply
         */
        @ForBot(BotController.DEFAULT_BOT)
        @OnCommand("sell")
        public String sell() {
            return "sold";
        }
    }

    /** A fallback with {@code @ForBot}. */
    @BotController
    public static class ForBotFallback {

        /**
         * Never routed.
         *
         * @return the reply
         */
        @ForBot("support")
        @Fallback
        public String fallback() {
            return "?";
        }
    }

    /** Bound to a bot that is not configured. */
    @BotController(bot = "sales")
    public static class SalesController {

        /**
         * Never routed.
         *
         * @return the reply
         */
        @OnCommand("sell")
        public String sell() {
            return "sold";
        }
    }

    /** A fallback bound to one bot. */
    @BotController(bot = "support")
    public static class SupportFallback {

        /**
         * Never routed.
         *
         * @return the reply
         */
        @Fallback
        public String fallback() {
            return "?";
        }
    }
}
