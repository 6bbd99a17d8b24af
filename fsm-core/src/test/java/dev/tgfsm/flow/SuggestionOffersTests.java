package dev.tgfsm.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
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
 * Seed 001's suggestions: an e-mail "did you mean" is an offer the user can decline, real domains are
 * never "corrected", and a choice suggests the options close to what was typed.
 */
class SuggestionOffersTests {

    private static final long BOT = 9;

    private static final long USER = 79;

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private final List<Map<String, Object>> completed = new ArrayList<>();

    private UpdateDispatcher dispatcher;

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ann@ymail.com", "ann@mail.com", "ann@email.com", "ann@yahoo.ca", "ann@yandex.ua",
            "ann@gmail.com", "ann@company.example", "Ann.Lee+bot@Mail.com", "\"ann lee\"@example.com",
            "\"ann@home\"@example.org", "o'brien@example.ie", "jos\u00e9@ex\u00e4mple.de", "ann@[192.168.0.1]"})
    void realAddressesAreAcceptedAtOnce(String address) {
        assertThat(Validators.email().validate(address, Map.of()).isValid()).isTrue();
    }

    @Test
    void aNearMissOfACommonDomainIsAnOfferNotARefusal() {
        Validation verdict = Validators.email().validate("ann@gmial.com", Map.of());
        assertThat(verdict.offer()).isTrue();
        assertThat(verdict.error()).isEqualTo("Did you mean ann@gmail.com?");
        assertThat(verdict.suggestions()).containsExactly("ann@gmail.com");
        assertThat(Validators.email().validate("not an address", Map.of()).offer()).isFalse();
    }

    @Test
    void choicesSuggestWhatIsCloseToTheInput() {
        Validator fruit = Validators.choice("Apple", "Banana", "Orange");
        Validation typo = fruit.validate("aple", Map.of());
        assertThat(typo.error()).isEqualTo("Did you mean: Apple?");
        assertThat(typo.code()).isEqualTo("tgfsm.validation.choice.suggest");
        assertThat(typo.suggestions()).containsExactly("Apple");
        assertThat(fruit.validate("an", Map.of()).suggestions()).as("contained").containsExactly("Banana", "Orange");
        Validation unknown = fruit.validate("kiwi", Map.of());
        assertThat(unknown.error()).isEqualTo("Please choose: Apple, Banana, Orange");
        assertThat(unknown.suggestions()).containsExactly("Apple", "Banana", "Orange");
        assertThat(fruit.validate("APPLE", Map.of()).isValid()).isTrue();
    }

    private void start() {
        Flow signup = Wizard.named("signup")
                .step("email", s -> s.prompt("Your email?").validate(Validators.email()))
                .step("fruit", s -> s.prompt("Favourite fruit?").validate(Validators.choice("Apple", "Banana")))
                .onComplete((u, values) -> completed.add(values))
                .build();
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null,
                OutboxRelay.sendingThrough(telegram.client(), clock));
        FlowEngine engine = new FlowEngine(List.of(signup), new TelegramMessenger(), EscapeCommands.ofDefaults(),
                Map.of(),
                UnknownStatePolicy.RESET);
        UpdateHandler app = u -> engine.start(u, "signup");
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().flows(engine::handle).handler(app).build(),
                DispatcherConfig.ofDefaults().withThreads(2), null);
    }

    private List<BotCall> send(Update update) throws Exception {
        int before = telegram.calls().size();
        dispatcher.submit(update).get(10, TimeUnit.SECONDS);
        List<BotCall> calls = telegram.calls();
        return calls.subList(before, calls.size()).stream().filter(c -> c.text() != null).toList();
    }

    private String say(String text) throws Exception {
        return send(updates.text(USER, text)).stream().map(BotCall::text).reduce((a, b) -> a + " | " + b).orElse("");
    }

    @SuppressWarnings("unchecked")
    private static List<String> labels(BotCall call) {
        var rows = (List<List<Map<String, Object>>>) ((Map<String, Object>) call.params().get("reply_markup"))
                .get("inline_keyboard");
        return rows.stream().map(r -> (String) r.get(0).get("text")).toList();
    }

    private String press(String label) throws Exception {
        List<BotCall> sent = telegram.calls("sendMessage");
        BotCall last = sent.get(sent.size() - 1);
        @SuppressWarnings("unchecked")
        var rows = (List<List<Map<String, Object>>>) ((Map<String, Object>) last.params().get("reply_markup"))
                .get("inline_keyboard");
        int messageId = ((Number) ((Map<?, ?>) last.result()).get("message_id")).intValue();
        String data = rows.stream().map(r -> r.get(0)).filter(b -> label.equals(b.get("text")))
                .map(b -> (String) b.get("callback_data")).findFirst().orElseThrow();
        return send(updates.callback(USER, USER, messageId, data)).stream().map(BotCall::text)
                .reduce((a, b) -> a + " | " + b).orElse("");
    }

    @Test
    void theSameAddressSentAgainIsKeptAndOffersCountNoAttempt() throws Exception {
        start();
        say("/signup");
        List<BotCall> offer = send(updates.text(USER, "ann@gmial.com"));
        assertThat(offer).singleElement().satisfies(call -> {
            assertThat(call.text()).as("no attempt counted: no 'Attempt n/m'").isEqualTo("Did you mean ann@gmail.com?");
            assertThat(labels(call)).containsExactly("ann@gmail.com", "Keep ann@gmial.com");
        });
        assertThat(say("ann@gmial.com")).isEqualTo("Favourite fruit?");
        say("Apple");
        assertThat(completed).containsExactly(Map.of("email", "ann@gmial.com", "fruit", "Apple"));
    }

    @Test
    void theKeepButtonKeepsTheAddressAndTheSuggestionReplacesIt() throws Exception {
        start();
        say("/signup");
        say("bo@hotmial.com");
        assertThat(press("Keep bo@hotmial.com")).isEqualTo("Favourite fruit?");
        say("/back");
        assertThat(say("bo@yahooo.com")).isEqualTo("Did you mean bo@yahoo.com?");
        assertThat(say("bo@outlok.com")).as("another address gets its own offer")
                .isEqualTo("Did you mean bo@outlook.com?");
        assertThat(press("bo@outlook.com")).isEqualTo("Favourite fruit?");
        assertThat(say("banan")).isEqualTo("Did you mean: Banana?\n\nAttempt 1/3. Try again:");
        assertThat(press("Banana")).isEmpty();
        assertThat(completed).containsExactly(Map.of("email", "bo@outlook.com", "fruit", "Banana"));
    }
}
