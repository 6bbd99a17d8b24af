package dev.tgfsm.telegram;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.tgfsm.annotation.After;
import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnCommand;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.flow.Button;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.flow.FlowNode;
import dev.tgfsm.flow.Prompt;
import dev.tgfsm.flow.Validators;
import dev.tgfsm.scope.Director;
import dev.tgfsm.testing.LocalBotApiServer;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.timeout.TimeoutScheduler;
import dev.tgfsm.wizard.Wizard;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Translation end to end: TelegramBots' long polling and client against the local Bot API server,
 * a German user (Telegram's {@code language_code} "de") and an English one going through a flow
 * whose prompts and labels are the application's message codes. The German user gets the prompt,
 * the button labels, the validation error and the {@code /cancel} reply in German, and the idle
 * timeout's warning that the scheduler sends later, without any update, in German too.
 */
class TranslationEndToEndIT {

    private static final String TOKEN = "777001:translation-token";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final MutableClock CLOCK = MutableClock.now();

    private static final long ANNA = 601;

    private static final long BEN = 602;

    private LocalBotApiServer api;

    @BeforeEach
    void startApi() throws Exception {
        api = LocalBotApiServer.start();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void aGermanUserGoesThroughAFlowAndGetsTheTimeoutWarningInGerman() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OrderApplication.class)
                .web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(), "tgfsm.storage.type=memory",
                        "spring.messages.basename=dev/tgfsm/messages/order-messages",
                        "spring.messages.fallback-to-system-locale=false",
                        "tgfsm.timeout.idle=30m", "tgfsm.timeout.warning-before=5m", "tgfsm.timeout.poll-interval=1h")
                .run()) {
            say(ANNA, "de", "/order");
            api.awaitText(ANNA, "Welche Gr\u00f6\u00dfe?", WAIT);
            assertThat(lastKeyboard(ANNA)).contains("text=Klein,", "text=Gro\u00df,");
            say(ANNA, "de", "Gro\u00df");
            api.awaitText(ANNA, "Wie viele?", WAIT);
            say(ANNA, "de", "50");
            api.awaitText(ANNA, "Der gr\u00f6\u00dfte Wert ist 10", WAIT);
            say(ANNA, "de", "/cancel");
            api.awaitText(ANNA, "Abgebrochen. Mit /start beginnst du von vorn.", WAIT);

            say(BEN, null, "/order");
            api.awaitText(BEN, "Which size?", WAIT);
            say(BEN, null, "Large");
            api.awaitText(BEN, "How many?", WAIT);
            say(BEN, null, "2");
            api.awaitText(BEN, "Ordered: 2.", WAIT);

            say(ANNA, "de", "/order");
            api.awaitRequests("sendMessage", 8, WAIT);
            CLOCK.advance(Duration.ofMinutes(26));
            assertThat(context.getBean(TimeoutScheduler.class).runDue()).isEqualTo(1);
            api.awaitText(ANNA, "Deine Sitzung l\u00e4uft wegen Inaktivit\u00e4t in 4 Minuten ab. "
                    + "Sende eine beliebige Nachricht, um sie aktiv zu halten.", WAIT);

            assertThat(api.texts(ANNA)).containsExactly("Welche Gr\u00f6\u00dfe?", "Wie viele?",
                    "Der gr\u00f6\u00dfte Wert ist 10", "Abgebrochen. Mit /start beginnst du von vorn.",
                    "Welche Gr\u00f6\u00dfe?", "Deine Sitzung l\u00e4uft wegen Inaktivit\u00e4t in 4 Minuten ab. "
                            + "Sende eine beliebige Nachricht, um sie aktiv zu halten.");
            assertThat(api.texts(BEN)).containsExactly("Which size?", "How many?", "Ordered: 2.");
        }
        finally {
            CLOCK.set(java.time.Instant.now());
        }
    }

    @Test
    void wizardChoicesAreLabelledInTheUsersLanguageAndStoredAsWritten() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OrderApplication.class)
                .web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(), "tgfsm.storage.type=memory",
                        "spring.messages.basename=dev/tgfsm/messages/order-messages",
                        "spring.messages.fallback-to-system-locale=false")
                .run()) {
            say(ANNA, "de", "/cup");
            api.awaitText(ANNA, "Welche Gr\u00f6\u00dfe?", WAIT);
            assertThat(lastKeyboard(ANNA)).contains("{text=Klein}", "{text=Gro\u00df}").doesNotContain("order.");
            say(ANNA, "de", "Gro\u00df");
            api.awaitText(ANNA, "Stored: {order.large}", WAIT);
            say(BEN, null, "/cup");
            api.awaitText(BEN, "Which size?", WAIT);
            assertThat(lastKeyboard(BEN)).contains("{text=Small}", "{text=Large}");
            say(BEN, null, "Klein");
            api.awaitText(BEN, "Please choose: Small, Large\n\nAttempt 1/3. Try again:", WAIT);
            say(BEN, null, "small");
            api.awaitText(BEN, "Stored: {order.small}", WAIT);
        }
    }

    @Test
    void didYouMeanSuggestsTheGermanLabelAndThePressedSuggestionStoresTheChoiceAsWritten() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OrderApplication.class)
                .web(WebApplicationType.NONE)
                .properties("tgfsm.bot.token=" + TOKEN, "tgfsm.bot.api-url=" + api.url(), "tgfsm.storage.type=memory",
                        "spring.messages.basename=dev/tgfsm/messages/order-messages",
                        "spring.messages.fallback-to-system-locale=false")
                .run()) {
            say(ANNA, "de", "/cup");
            api.awaitText(ANNA, "Welche Gr\u00f6\u00dfe?", WAIT);
            say(ANNA, "de", "Kleen");
            api.awaitText(ANNA, "Meintest du: Klein?\n\nVersuch 1/3. Bitte noch einmal:", WAIT);
            assertThat(lastKeyboard(ANNA)).contains("text=Klein,").doesNotContain("order.");
            api.enqueueCallback(ANNA, 1, "tgfsm:size:s0");
            api.awaitText(ANNA, "Stored: {order.small}", WAIT);
        }
    }

    /** Queues a private text message from a user whose Telegram app is set to a language. */
    private void say(long user, String language, String text) {
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("id", user);
        from.put("is_bot", false);
        from.put("first_name", "User" + user);
        if (language != null) {
            from.put("language_code", language);
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", api.requests().size() + 1000);
        message.put("date", CLOCK.instant().getEpochSecond());
        message.put("chat", Map.of("id", user, "type", "private"));
        message.put("from", from);
        message.put("text", text);
        if (text.startsWith("/")) {
            message.put("entities", List.of(Map.of("type", "bot_command", "offset", 0, "length", text.length())));
        }
        api.enqueue(Map.of("message", message));
    }

    private String lastKeyboard(long chat) {
        List<LocalBotApiServer.Request> sent = new ArrayList<>(api.requests("sendMessage"));
        sent.removeIf(r -> !String.valueOf(chat).equals(r.param("chat_id")));
        return String.valueOf(sent.get(sent.size() - 1).param("reply_markup"));
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(OrderController.class)
    static class OrderApplication {

        @Bean(FsmAutoConfiguration.CLOCK_BEAN_NAME)
        Clock fsmClock() {
            return CLOCK;
        }

        @Bean
        Flow order() {
            return Flow.builder("order")
                    .choose("size", "{order.size}", Button.to("{order.small}", "quantity"), Button.to("{order.large}", "quantity"))
                    .ask("quantity", "{order.quantity}", "quantity", Validators.integer(1, 10), "done")
                    .node(new FlowNode.End("done", Prompt.code("order.done", "quantity")))
                    .build();
        }

        @Bean
        Flow cup() {
            return Wizard.named("cup")
                    .step("size", s -> s.prompt("{order.size}").choices(false, "{order.small}", "{order.large}")
                            .validate(Validators.choice("{order.small}", "{order.large}")))
                    .done(values -> "Stored: " + values.get("size"))
                    .build();
        }
    }

    /** Starts the order flow. */
    @BotController
    public static class OrderController {

        private final FlowEngine flows;

        /**
         * Creates the controller.
         *
         * @param flows the flow engine
         */
        public OrderController(FlowEngine flows) {
            this.flows = flows;
        }

        /**
         * Starts the order flow.
         *
         * @param director the update
         */
        @OnCommand("order")
        public void order(Director director) {
            flows.start(director.updateContext(), "order");
        }

        /**
         * Starts the cup wizard.
         */
        @OnCommand("cup")
        @After(startFlow = "cup")
        public void cup() {
        }
    }
}
