package dev.tgfsm.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.flow.Button;
import dev.tgfsm.flow.EscapeCommands;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.flow.TelegramMessenger;
import dev.tgfsm.flow.UnknownStatePolicy;
import dev.tgfsm.flow.Validators;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.preferences.Preferences;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * A flow whose prompts and button labels are the application's message codes, run for a German
 * user (Telegram's {@code language_code} "de") and an English one through the real
 * {@link MessageSourceMessageResolver}: prompts, labels, validation errors and escape replies come
 * in the user's language; the {@code language} preference wins over the language code.
 */
class GermanFlowTextsTests {

    private static final long BOT = 3;

    private final MutableClock clock = MutableClock.now();

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private final StaticMessageSource application = new StaticMessageSource();

    private UpdateDispatcher dispatcher;

    private void start(EscapeCommands escapes) {
        application.addMessage("order.size", Locale.ENGLISH, "Which size?");
        application.addMessage("order.size", Locale.GERMAN, "Welche Gr\u00f6\u00dfe?");
        application.addMessage("order.small", Locale.ENGLISH, "Small");
        application.addMessage("order.small", Locale.GERMAN, "Klein");
        application.addMessage("order.large", Locale.ENGLISH, "Large");
        application.addMessage("order.large", Locale.GERMAN, "Gro\u00df");
        application.addMessage("order.quantity", Locale.GERMAN, "Wie viele?");
        application.addMessage("order.bye", Locale.GERMAN, "Tsch\u00fcss!");
        Flow order = Flow.builder("order")
                .choose("size", "{order.size}", Button.to("{order.small}", "quantity"),
                        Button.to("{order.large}", "quantity"))
                .ask("quantity", "{order.quantity}", "quantity", Validators.integer(1, 10), null)
                .maxAttempts(3).build();
        FsmContexts contexts = FsmTransactions.contexts(
                new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock)),
                new JacksonFsmCodec(), ContextConfig.ofDefaults().withPreload(List.of(Preferences.DESTINY)), null,
                OutboxRelay.sendingThrough(telegram.client(), clock));
        FlowEngine engine = new FlowEngine(List.of(order), new TelegramMessenger(), escapes, Map.of(),
                UnknownStatePolicy.RESET, new MessageSourceMessageResolver(application));
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().flows(engine::handle).handler(u -> {
                    String text = u.update().getMessage().getText();
                    if ("/order".equals(text)) {
                        engine.start(u, "order");
                    }
                    else if ("/english".equals(text)) {
                        new Preferences(u.context()).set(Preferences.LANGUAGE, "en");
                    }
                }).build(), DispatcherConfig.ofDefaults().withThreads(1), null);
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @Test
    void aGermanUserGetsPromptsLabelsErrorsAndEscapeRepliesInGerman() throws Exception {
        start(EscapeCommands.ofDefaults());
        assertThat(say(10, "de", "/order")).isEqualTo("Welche Gr\u00f6\u00dfe?");
        assertThat(lastLabels()).containsExactly("Klein", "Gro\u00df");
        assertThat(say(10, "de", "Mittel"))
                .isEqualTo("Bitte w\u00e4hle eine der Optionen.\n\nVersuch 1/3. Bitte noch einmal:");
        assertThat(say(10, "de", "gro\u00df")).as("the translated label answers").isEqualTo("Wie viele?");
        assertThat(say(10, "de", "/help"))
                .isEqualTo("Wie viele?\n\nMit /cancel brichst du ab, mit /back gehst du einen Schritt zur\u00fcck.");
        assertThat(say(10, "de", "50"))
                .isEqualTo("Der gr\u00f6\u00dfte Wert ist 10\n\nVersuch 2/3. Bitte noch einmal:");
        assertThat(say(10, "de", "/back")).isEqualTo("Welche Gr\u00f6\u00dfe?");
        assertThat(say(10, "de", "/back")).isEqualTo("Das ist der erste Schritt. | Welche Gr\u00f6\u00dfe?");
        assertThat(say(10, "de", "/cancel")).isEqualTo("Abgebrochen. Mit /start beginnst du von vorn.");
        assertThat(say(10, "de", "/cancel")).isEqualTo("Es gibt nichts abzubrechen.");
    }

    @Test
    void anEnglishUserGetsTheSameFlowInEnglishAndUntranslatedCodesFallBackToTheBase() throws Exception {
        start(EscapeCommands.ofDefaults());
        assertThat(say(11, null, "/order")).isEqualTo("Which size?");
        assertThat(lastLabels()).containsExactly("Small", "Large");
        assertThat(say(11, "fr", "Mittel")).as("no French bundle: English")
                .isEqualTo("Please choose one of the options.\n\nAttempt 1/3. Try again:");
        assertThat(say(11, "en", "Large")).as("order.quantity has no English text: shown as written")
                .isEqualTo("{order.quantity}");
        assertThat(say(11, "en", "/cancel")).isEqualTo("Cancelled. Use /start to begin again.");
    }

    @Test
    void tooManyAttemptsCancelInGerman() throws Exception {
        start(EscapeCommands.ofDefaults());
        say(12, "de", "/order");
        say(12, "de", "a");
        say(12, "de", "b");
        assertThat(say(12, "de", "c"))
                .isEqualTo("Zu viele ung\u00fcltige Versuche. Vorgang abgebrochen. Mit /start versuchst du es erneut.");
    }

    @Test
    void theLanguagePreferenceWinsOverTelegramsLanguageCode() throws Exception {
        start(EscapeCommands.ofDefaults());
        say(13, "de", "/english");
        assertThat(say(13, "de", "/order")).isEqualTo("Which size?");
        assertThat(say(13, "de", "/cancel")).isEqualTo("Cancelled. Use /start to begin again.");
    }

    @Test
    void aConfiguredTextIsShownAsWrittenUnlessItIsACode() throws Exception {
        start(EscapeCommands.ofDefaults().withReset("reset", "Alles weg."));
        assertThat(say(14, "de", "/reset")).as("a configured literal").isEqualTo("Alles weg.");
        dispatcher.close();
        start(new EscapeCommands("cancel", "back", "help", "start", "{order.bye}", "Nothing to cancel.",
                "This is the first step.", null,
                "Too many invalid attempts. Operation cancelled. Use /start to try again.",
                "Please choose one of the options."));
        say(15, "de", "/order");
        assertThat(say(15, "de", "/cancel")).as("a configured code").isEqualTo("Tsch\u00fcss!");
    }

    private String say(long user, String language, String text) throws Exception {
        Update update = updates.text(user, text);
        update.getMessage().getFrom().setLanguageCode(language);
        int before = telegram.calls().size();
        dispatcher.submit(update).get(10, TimeUnit.SECONDS);
        List<BotCall> calls = telegram.calls();
        return calls.subList(before, calls.size()).stream().filter(c -> c.text() != null).map(BotCall::text)
                .reduce((a, b) -> a + " | " + b).orElse("");
    }

    @SuppressWarnings("unchecked")
    private List<String> lastLabels() {
        List<BotCall> sent = telegram.calls("sendMessage");
        Map<String, Object> markup = (Map<String, Object>) sent.get(sent.size() - 1).params().get("reply_markup");
        List<List<Map<String, Object>>> rows = (List<List<Map<String, Object>>>) markup.get("inline_keyboard");
        return rows.stream().map(r -> (String) r.get(0).get("text")).toList();
    }
}
