package dev.tgfsm.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.OddUpdates;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;
import dev.tgfsm.wizard.Wizard;

class FlowEngineTests {

    private static final long BOT = 9;

    private static final long USER = 77;

    private static final StorageKey KEY = StorageKey.of(BOT, USER, USER);

    private final MutableClock clock = MutableClock.now();

    private final CountingFsmStorage storage = new CountingFsmStorage(
            new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock)));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private final List<Map<String, Object>> completed = new ArrayList<>();

    private final List<String> passedOn = new ArrayList<>();

    private FlowEngine engine;

    private UpdateDispatcher dispatcher;

    private Flow order() {
        return Wizard.named("order")
                .step("product", s -> s.prompt("What product do you want to order?"))
                .step("quantity", s -> s.prompt(v -> "How many " + v.get("product") + " do you want?")
                        .validate(Validators.integer(1, 100)).transform(Integer::valueOf).maxAttempts(3))
                .step("address", s -> s.prompt("What is your delivery address?").validate(Validators.minLength(10))
                        .help("A street and a city, at least 10 characters."))
                .onComplete((u, values) -> completed.add(values))
                .build();
    }

    private Flow customer() {
        return Flow.builder("customer")
                .choose("start", "Are you a new or existing customer?",
                        Button.to("New Customer", "new_name"), Button.to("Existing Customer", "account"))
                .ask("new_name", "What is your name?", "name", null, "new_email")
                .ask("new_email", "What is your email?", "email", Validators.email(), "done")
                .ask("account", "Please enter your account ID:", "accountId", null, "verify")
                .compute("verify", v -> "42".equals(v.get("accountId")) ? "menu" : "not_found", "menu", "not_found")
                .choose("not_found", "Account not found.", Button.to("Try again", "account"))
                .choose("menu", "What would you like to do?", Button.to("View Orders", "done"))
                .end("done", "All set!")
                .onComplete((u, values) -> completed.add(values))
                .build();
    }

    private void start(Flow... flows) {
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null,
                OutboxRelay.sendingThrough(telegram.client(), clock));
        engine = new FlowEngine(List.of(flows), new TelegramMessenger(),
                EscapeCommands.ofDefaults().withGlobalHelp("Try /order or /customer"),
                Map.of("Old:STATE", "order:address"), UnknownStatePolicy.RESET);
        UpdateHandler app = u -> {
            String text = u.update().hasMessage() ? u.update().getMessage().getText() : null;
            if ("/order".equals(text)) {
                engine.start(u, "order");
            }
            else if ("/customer".equals(text)) {
                engine.start(u, "customer");
            }
            else if (text != null && text.startsWith("go ")) {
                u.context().updateData("visited", text.substring(3));
                u.context().setState(text.substring(3));
            }
            else if ("done".equals(text)) {
                u.context().setState((String) null);
            }
            else {
                passedOn.add(String.valueOf(text));
            }
        };
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().flows(engine::handle).handler(app).build(),
                DispatcherConfig.ofDefaults().withThreads(2), null);
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    private String say(String text) throws Exception {
        return send(updates.text(USER, text));
    }

    private String send(Update update) throws Exception {
        int before = telegram.calls().size();
        dispatcher.submit(update).get(10, TimeUnit.SECONDS);
        List<BotCall> calls = telegram.calls();
        return calls.subList(before, calls.size()).stream().filter(c -> c.text() != null).map(BotCall::text)
                .reduce((a, b) -> a + " | " + b).orElse("");
    }

    private String press(int index) throws Exception {
        BotCall last = telegram.calls("sendMessage").get(telegram.calls("sendMessage").size() - 1);
        @SuppressWarnings("unchecked")
        List<List<Map<String, Object>>> rows = (List<List<Map<String, Object>>>) ((Map<String, Object>) last.params()
                .get("reply_markup")).get("inline_keyboard");
        int messageId = ((Number) ((Map<?, ?>) last.result()).get("message_id")).intValue();
        return send(updates.callback(USER, USER, messageId, (String) rows.get(index).get(0).get("callback_data")));
    }

    @Test
    void wizardCollectsValidatesTransformsAndCompletes() throws Exception {
        start(order());
        assertThat(say("/order")).isEqualTo("What product do you want to order?");
        assertThat(storage.getState(KEY)).isEqualTo("order:product");
        assertThat(say("Widget")).isEqualTo("How many Widget do you want?");
        assertThat(say("lots")).isEqualTo("Please enter a whole number\n\nAttempt 1/3. Try again:");
        assertThat(say("500")).isEqualTo("Maximum value is 100\n\nAttempt 2/3. Try again:");
        assertThat(say("5")).isEqualTo("What is your delivery address?");
        assertThat(say("short")).as("a wizard step allows 3 attempts by default")
                .isEqualTo("Please enter at least 10 characters\n\nAttempt 1/3. Try again:");
        assertThat(say("1 Long Street, Springfield")).isEmpty();
        assertThat(completed).containsExactly(Map.of("product", "Widget", "quantity", 5,
                "address", "1 Long Street, Springfield"));
        assertThat(storage.load(KEY).state()).isNull();
        assertThat(storage.getData(KEY)).doesNotContainKey("flow:order");
    }

    @Test
    void eachStepCommitsOnce() throws Exception {
        start(order());
        say("/order");
        storage.reset();
        say("Widget");
        assertThat(storage.count("save")).isEqualTo(1);
        assertThat(storage.count("loadAll")).isEqualTo(1);
    }

    @Test
    void tooManyInvalidAnswersCancelTheWizard() throws Exception {
        start(order());
        say("/order");
        say("Widget");
        say("x");
        say("y");
        assertThat(say("z")).startsWith("Too many invalid attempts");
        assertThat(storage.load(KEY).state()).isNull();
        assertThat(storage.load(KEY).data()).isEmpty();
    }

    @Test
    void backGoesToThePreviousStepsAndCancelLeaves() throws Exception {
        start(order());
        say("/order");
        say("Widget");
        say("5");
        assertThat(say("/back")).isEqualTo("How many Widget do you want?");
        assertThat(say("/back")).isEqualTo("What product do you want to order?");
        assertThat(say("/back")).isEqualTo("This is the first step. | What product do you want to order?");
        assertThat(say("Gadget")).isEqualTo("How many Gadget do you want?");
        assertThat(say("/cancel")).isEqualTo("Cancelled. Use /start to begin again.");
        assertThat(storage.load(KEY).state()).isNull();
        assertThat(storage.load(KEY).data()).isEmpty();
        assertThat(say("/cancel")).isEqualTo("Nothing to cancel.");
    }

    @Test
    void commandsAddressedToAnotherBotAreNeitherEscapesNorAnswers() throws Exception {
        start(order());
        engine.setBotUsername("@ShopBot");
        say("/order");

        assertThat(say("/cancel@OtherBot")).isEmpty();
        assertThat(say("/back@OtherBot")).isEmpty();
        assertThat(storage.load(KEY).state()).isEqualTo("order:product");
        assertThat(passedOn).containsExactly("/cancel@OtherBot", "/back@OtherBot");

        assertThat(say("/cancel@shopbot")).isEqualTo("Cancelled. Use /start to begin again.");
        assertThat(storage.load(KEY).state()).isNull();
    }

    @Test
    void helpIsContextual() throws Exception {
        start(order());
        assertThat(say("/help")).isEqualTo("Try /order or /customer");
        say("/order");
        assertThat(say("/help")).startsWith("What product do you want to order?").contains("/cancel");
        say("Widget");
        say("3");
        assertThat(say("/help")).isEqualTo("A street and a city, at least 10 characters.");
    }

    @Test
    void startLeavesTheFlowAndReachesTheBotsOwnHandler() throws Exception {
        start(order());
        say("/order");
        say("/start");
        assertThat(passedOn).containsExactly("/start");
        assertThat(storage.getState(KEY)).isNull();
    }

    @Test
    void branchingFlowWithButtonsInputAndComputedNode() throws Exception {
        start(customer());
        say("/customer");
        assertThat(press(1)).isEqualTo("Please enter your account ID:");
        assertThat(say("7")).isEqualTo("Account not found.");
        assertThat(press(0)).isEqualTo("Please enter your account ID:");
        assertThat(say("42")).isEqualTo("What would you like to do?");
        assertThat(press(0)).isEqualTo("All set!");
        assertThat(completed).containsExactly(Map.of("accountId", "42"));
        assertThat(telegram.calls("answerCallbackQuery")).hasSize(3);
    }

    @Test
    void emailSuggestionCanBePressed() throws Exception {
        start(customer());
        say("/customer");
        press(0);
        say("Ann");
        assertThat(say("ann@gmial.com")).isEqualTo("Did you mean ann@gmail.com?");
        assertThat(press(0)).isEqualTo("All set!");
        assertThat(completed).containsExactly(Map.of("name", "Ann", "email", "ann@gmail.com"));
    }

    @Test
    void textThatIsNoButtonIsRefusedAndStaleButtonsToo() throws Exception {
        start(customer());
        say("/customer");
        assertThat(say("maybe")).isEqualTo("Please choose one of the options.");
        assertThat(send(updates.callback(USER, USER, 1, "tgfsm:menu:0")))
                .isEqualTo("Please choose one of the options.");
        assertThat(say("new customer")).isEqualTo("What is your name?");
    }

    @Test
    void aliasesRenameOldStatesAndUnknownNodesAreReset() throws Exception {
        start(order());
        storage.setState(KEY, "Old:STATE");
        assertThat(say("1 Long Street, Springfield")).isEmpty();
        assertThat(completed).hasSize(1);
        storage.setState(KEY, "order:removed_step");
        assertThat(say("hello")).startsWith("This conversation was reset");
        assertThat(storage.load(KEY).state()).isNull();
    }

    @Test
    void otherCommandsInsideAFlowGoToTheNextHandler() throws Exception {
        start(order(), customer());
        say("/order");
        assertThat(say("/customer")).isEqualTo("Are you a new or existing customer?");
        assertThat(storage.getState(KEY)).isEqualTo("customer:start");
        assertThat(storage.getData(KEY)).doesNotContainKey("flow:order");
        say("/unknown");
        assertThat(passedOn).containsExactly("/unknown");
    }

    @Test
    void updatesOutsideFlowsGoToTheNextHandler() throws Exception {
        start(order());
        say("hello");
        assertThat(passedOn).containsExactly("hello");
    }

    @Test
    void flowsAreCheckedWhenBuilt() {
        assertThatExceptionOfType(FsmConfigurationException.class)
                .isThrownBy(() -> Flow.builder("f").ask("a", "?", "x", null, "missing").build())
                .withMessageContaining("unknown node 'missing'");
        assertThatExceptionOfType(FsmConfigurationException.class)
                .isThrownBy(() -> Flow.builder("f").end("a", null).end("orphan", null).build())
                .withMessageContaining("cannot be reached").withMessageContaining("orphan");
        assertThatExceptionOfType(FsmConfigurationException.class)
                .isThrownBy(() -> Flow.builder("f").end("a", null).end("a", null))
                .withMessageContaining("two nodes named 'a'");
        assertThatExceptionOfType(FsmConfigurationException.class)
                .isThrownBy(() -> new FlowEngine(List.of(order(), order()), new TelegramMessenger(),
                        EscapeCommands.ofDefaults(),
                        Map.of(), UnknownStatePolicy.RESET))
                .withMessageContaining("Two flows are named 'order'");
    }

    @Test
    void mermaidDiagramShowsNodesAndEdges() {
        String diagram = customer().toMermaid();
        assertThat(diagram).startsWith("flowchart TD")
                .contains("customer_start -->|New Customer| customer_new_name")
                .contains("customer_verify{{verify}}")
                .contains("customer_verify --> customer_not_found")
                .contains("customer_done([done])");
    }

    @Test
    void reactionsEditsAndOtherUpdatesAreNoAnswersToAFlow() throws Exception {
        start(order());
        say("/order");
        say("Widget");
        for (Map<String, Object> fields : OddUpdates.all(USER).values()) {
            assertThat(send(updates.update(fields))).as("%s", fields.keySet()).isEmpty();
        }
        assertThat(send(updates.editedMessage(USER, "7"))).isEmpty();
        assertThat(storage.getState(KEY)).isEqualTo("order:quantity");
        assertThat(say("5")).as("no invalid attempt was counted").isEqualTo("What is your delivery address?");
    }

    @Test
    void backInPlainStatesGoesThroughTheStatesAHandlerSet() throws Exception {
        start(order());
        say("go Form:NAME");
        say("go Form:AGE");
        say("go Form:CITY");

        assertThat(say("/back")).isEqualTo(LibraryText.WENT_BACK.english());
        assertThat(storage.getState(KEY)).isEqualTo("Form:AGE");
        assertThat(storage.getData(KEY)).as("back restores the state, the data stays").containsEntry("visited",
                "Form:CITY");
        assertThat(say("/back")).isEqualTo(LibraryText.WENT_BACK.english());
        assertThat(storage.getState(KEY)).isEqualTo("Form:NAME");
        assertThat(say("/back")).isEqualTo("This is the first step.");
        assertThat(storage.getState(KEY)).isEqualTo("Form:NAME");
        assertThat(passedOn).isEmpty();
    }

    @Test
    void aStateLeftForNoStateHasNoHistoryToGoBackThrough() throws Exception {
        start(order());
        say("go Form:NAME");
        say("done");
        say("go Form:AGE");
        assertThat(say("/back")).isEqualTo("This is the first step.");
        assertThat(storage.getState(KEY)).isEqualTo("Form:AGE");
        assertThat(say("go Form:CITY")).isEmpty();
        engine.setStateHistorySize(0);
        assertThat(say("/back")).isEmpty();
        assertThat(passedOn).endsWith("/back");
        assertThat(storage.getState(KEY)).isEqualTo("Form:CITY");
    }

    @Test
    void cancelInAPlainStateClearsStateDataAndHistory() throws Exception {
        start(order());
        say("go Form:NAME");
        say("go Form:AGE");

        assertThat(say("/cancel")).isEqualTo("Cancelled. Use /start to begin again.");
        assertThat(storage.load(KEY).state()).isNull();
        assertThat(storage.load(KEY).data()).isEmpty();
        assertThat(storage.load(KEY).meta()).doesNotContainKey(StateHistory.META);
        assertThat(say("/cancel")).isEqualTo("Nothing to cancel.");
    }

    @Test
    void backInPlainStatesCostsNoExtraWrite() throws Exception {
        start(order());
        say("go Form:NAME");
        storage.reset();
        say("go Form:AGE");
        assertThat(storage.snapshot()).containsExactlyInAnyOrderEntriesOf(Map.of("loadAll", 1L, "save", 1L));
        storage.reset();
        say("/back");
        assertThat(storage.snapshot()).containsExactlyInAnyOrderEntriesOf(Map.of("loadAll", 1L, "save", 1L));
        assertThat(storage.getState(KEY)).isEqualTo("Form:NAME");
    }

    @Test
    void cancelCanKeepTheData() throws Exception {
        start(order());
        engine.setCancelKeepsData(true);
        say("go Form:NAME");
        say("/cancel");
        assertThat(storage.load(KEY).state()).isNull();
        assertThat(storage.getData(KEY)).containsEntry("visited", "Form:NAME");
    }

    @Test
    void startInAPlainStateLeavesItThenReachesTheBotsHandler() throws Exception {
        start(order());
        say("go Form:NAME");
        say("/start");
        assertThat(passedOn).containsExactly("/start");
        assertThat(storage.getState(KEY)).isNull();
        assertThat(storage.getData(KEY)).isEmpty();
    }

    @Test
    void escapesInPlainStatesIgnoreCommandsForAnotherBot() throws Exception {
        start(order());
        engine.setBotUsername("ShopBot");
        say("go Form:NAME");
        assertThat(say("/cancel@OtherBot")).isEmpty();
        assertThat(say("/back@other_bot")).isEmpty();
        assertThat(storage.getState(KEY)).isEqualTo("Form:NAME");
        assertThat(say("/cancel@ShopBot")).isEqualTo("Cancelled. Use /start to begin again.");
        assertThat(passedOn).containsExactly("/cancel@OtherBot", "/back@other_bot");
    }

    @Test
    void aHandlerDeclaredForTheEscapeInTheCurrentStateWins() throws Exception {
        start(order());
        engine.setHandlerTakesEscape(u -> "Form:NAME".equals(u.context().getState()));
        say("go Form:NAME");
        assertThat(say("/cancel")).isEmpty();
        assertThat(passedOn).containsExactly("/cancel");
        say("go Form:AGE");
        assertThat(say("/cancel")).isEqualTo("Cancelled. Use /start to begin again.");
    }
}
