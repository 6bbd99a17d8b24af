package dev.tgfsm.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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
import dev.tgfsm.flow.EscapeCommands;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.flow.TelegramMessenger;
import dev.tgfsm.flow.UnknownStatePolicy;
import dev.tgfsm.flow.Validators;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;
import dev.tgfsm.wizard.Wizard;

/**
 * Wizard choices written as the application's message codes: the buttons are labelled in the
 * user's language, and what is stored is the choice as written, whether the button was pressed
 * (inline) or its label typed (a reply keyboard sends the label).
 */
class ChoiceLabelsTests {

    private static final long BOT = 3;

    private final MutableClock clock = MutableClock.now();

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private final List<Map<String, Object>> completed = new ArrayList<>();

    private UpdateDispatcher dispatcher;

    private void start() {
        StaticMessageSource application = new StaticMessageSource();
        application.addMessage("fruit.apple", Locale.ENGLISH, "Apple");
        application.addMessage("fruit.apple", Locale.GERMAN, "Apfel");
        application.addMessage("fruit.pear", Locale.ENGLISH, "Pear");
        application.addMessage("fruit.pear", Locale.GERMAN, "Birne");
        FlowEngine engine = new FlowEngine(List.of(Wizard.named("fruit")
                .step("first", s -> s.prompt("First?").choices(true, "{fruit.apple}", "{fruit.pear}"))
                .step("second", s -> s.prompt("Second?").choices(false, "{fruit.apple}", "{fruit.pear}")
                        .validate(Validators.choice("{fruit.apple}", "{fruit.pear}")))
                .onComplete((u, values) -> completed.add(values)).build()), new TelegramMessenger(),
                EscapeCommands.ofDefaults(), Map.of(), UnknownStatePolicy.RESET,
                new MessageSourceMessageResolver(application));
        FsmContexts contexts = FsmTransactions.contexts(
                new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock)),
                new JacksonFsmCodec(), ContextConfig.ofDefaults(), null,
                OutboxRelay.sendingThrough(telegram.client(), clock));
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().flows(engine::handle).handler(u -> engine.start(u, "fruit")).build(),
                DispatcherConfig.ofDefaults().withThreads(1), null);
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @Test
    void aGermanUserSeesTranslatedChoicesAndTheUntranslatedChoiceIsStored() throws Exception {
        start();
        send(text(20, "de", "/fruit"));
        assertThat(lastLabels("inline_keyboard")).containsExactly("Apfel", "Birne");
        Update press = updates.callback(20, "tgfsm:first:c1");
        press.getCallbackQuery().getFrom().setLanguageCode("de");
        send(press);
        assertThat(lastLabels("keyboard")).containsExactly("Apfel", "Birne");
        send(text(20, "de", "apfel"));
        assertThat(completed).containsExactly(Map.of("first", "{fruit.pear}", "second", "{fruit.apple}"));
    }

    @Test
    void anEnglishUserSeesEnglishLabelsAndAnUnknownAnswerIsStillRefused() throws Exception {
        start();
        send(text(21, "en", "/fruit"));
        assertThat(lastLabels("inline_keyboard")).containsExactly("Apple", "Pear");
        send(updates.callback(21, "tgfsm:first:c0"));
        assertThat(lastLabels("keyboard")).containsExactly("Apple", "Pear");
        send(text(21, "en", "Banana"));
        assertThat(completed).isEmpty();
        send(text(21, "en", "Pear"));
        assertThat(completed).containsExactly(Map.of("first", "{fruit.apple}", "second", "{fruit.pear}"));
    }

    @Test
    void theChoiceErrorListsTheTranslatedLabelsInTheUsersLanguage() throws Exception {
        start();
        send(text(22, "de", "/fruit"));
        send(text(22, "de", "Apfel"));
        send(text(22, "de", "Banane"));
        assertThat(lastText()).startsWith("Bitte w\u00e4hle: Apfel, Birne\n");
        send(text(23, "en", "/fruit"));
        send(text(23, "en", "Apple"));
        send(text(23, "en", "Banana"));
        assertThat(lastText()).startsWith("Please choose: Apple, Pear\n");
        assertThat(completed).isEmpty();
    }

    @Test
    void didYouMeanComparesWithTheGermanLabelsAndAPressedSuggestionStoresTheCode() throws Exception {
        start();
        send(text(24, "de", "/fruit"));
        send(text(24, "de", "Birne"));
        send(text(24, "de", "Apfl"));
        assertThat(lastText()).startsWith("Meintest du: Apfel?\n");
        assertThat(lastLabels("inline_keyboard")).containsExactly("Apfel");
        assertThat(completed).isEmpty();
        Update press = updates.callback(24, "tgfsm:second:s0");
        press.getCallbackQuery().getFrom().setLanguageCode("de");
        send(press);
        assertThat(completed).containsExactly(Map.of("first", "{fruit.pear}", "second", "{fruit.apple}"));
    }

    @Test
    void aRawCodeIsNoSuggestionForAnEnglishUser() throws Exception {
        start();
        send(text(25, "en", "/fruit"));
        send(text(25, "en", "Pear"));
        send(text(25, "en", "Peer"));
        assertThat(lastText()).startsWith("Did you mean: Pear?\n");
        assertThat(lastLabels("inline_keyboard")).containsExactly("Pear");
    }

    private String lastText() {
        List<BotCall> sent = telegram.calls("sendMessage");
        return sent.get(sent.size() - 1).text();
    }

    private Update text(long user, String language, String text) {
        Update update = updates.text(user, text);
        update.getMessage().getFrom().setLanguageCode(language);
        return update;
    }

    private void send(Update update) throws Exception {
        dispatcher.submit(update).get(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private List<String> lastLabels(String kind) {
        List<BotCall> sent = telegram.calls("sendMessage");
        Map<String, Object> markup = (Map<String, Object>) sent.get(sent.size() - 1).params().get("reply_markup");
        List<List<Object>> rows = (List<List<Object>>) markup.get(kind);
        return rows.stream()
                .map(r -> r.get(0) instanceof Map<?, ?> m ? (String) m.get("text") : String.valueOf(r.get(0)))
                .toList();
    }
}
