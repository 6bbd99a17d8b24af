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
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/** Flows calling flows (and handlers calling flows) through the call stack, on the in-memory store. */
class SubFlowTests {

    private static final long BOT = 9;

    private static final long USER = 78;

    private static final StorageKey KEY = StorageKey.of(BOT, USER, USER);

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private final List<Map<String, Object>> completed = new ArrayList<>();

    private final List<String> resumed = new ArrayList<>();

    private FlowEngine engine;

    private UpdateDispatcher dispatcher;

    private static Flow address() {
        return Flow.builder("address")
                .ask("street", "Street?", "street", null, "city")
                .ask("city", "City?", "city", null, null)
                .build();
    }

    private Flow checkout(SubFlowCancel... onCancel) {
        Flow.Builder b = Flow.builder("checkout").ask("item", "Item?", "item", null, "ship");
        if (onCancel.length > 0) {
            b.call("ship", "address", "shipping", "pay", onCancel[0]);
        }
        else {
            b.call("ship", "address", "shipping", "pay");
        }
        return b.node(new FlowNode.Ask("pay", v -> "Pay for " + v.get("item") + " to "
                + ((Map<?, ?>) v.get("shipping")).get("city") + "?", "pay", null, null, null, true, 0, null, null))
                .onComplete((u, values) -> completed.add(values))
                .build();
    }

    private void start(Flow... flows) {
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null,
                OutboxRelay.sendingThrough(telegram.client(), clock));
        engine = new FlowEngine(List.of(flows), new TelegramMessenger(), EscapeCommands.ofDefaults(), Map.of(),
                UnknownStatePolicy.RESET);
        engine.setCallReturn((u, frame, result) -> resumed.add(u.context().getState() + " <- " + frame.callee()
                + " " + (result == null ? "without result" : result.get("city"))));
        UpdateHandler app = u -> {
            String text = u.update().hasMessage() ? u.update().getMessage().getText() : null;
            if ("/checkout".equals(text)) {
                engine.start(u, "checkout");
            }
            else if ("/order".equals(text)) {
                engine.start(u, "order");
            }
            else if ("/address".equals(text)) {
                u.context().setState("menu:main");
                engine.call(u, "address", "home", Map.of());
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

    private FsmRecord record() {
        return storage.load(KEY);
    }

    @Test
    void parentResumesWithTheSubFlowsValues() throws Exception {
        start(checkout(), address());
        assertThat(say("/checkout")).isEqualTo("Item?");
        assertThat(say("Lamp")).isEqualTo("Street?");
        assertThat(record().state()).isEqualTo("address:street");
        assertThat(record().meta()).containsKey(CallStack.META);
        assertThat(say("Main St 1")).isEqualTo("City?");
        assertThat(say("Springfield")).isEqualTo("Pay for Lamp to Springfield?");
        assertThat(record().state()).isEqualTo("checkout:pay");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
        assertThat(say("yes")).isEmpty();
        assertThat(completed).containsExactly(Map.of("item", "Lamp", "pay", "yes",
                "shipping", Map.of("street", "Main St 1", "city", "Springfield")));
        assertThat(record().data()).isEmpty();
    }

    @Test
    void backFromTheSubFlowsFirstNodeReturnsToTheCallersNode() throws Exception {
        start(checkout(), address());
        say("/checkout");
        say("Lamp");
        assertThat(say("/back")).isEqualTo("Item?");
        assertThat(record().state()).isEqualTo("checkout:item");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
        assertThat(record().data()).doesNotContainKey("flow:address");
        assertThat(say("Desk")).isEqualTo("Street?");
        assertThat(say("Elm 2")).isEqualTo("City?");
        assertThat(say("/back")).isEqualTo("Street?");
    }

    @Test
    void backAfterTheSubFlowReturnedGoesToTheNodeBeforeTheCall() throws Exception {
        start(checkout(), address());
        say("/checkout");
        say("Lamp");
        say("Elm 2");
        say("Ogdenville");
        assertThat(say("/back")).isEqualTo("Item?");
    }

    @Test
    void cancelInsideTheSubFlowReturnsToTheCallerByDefault() throws Exception {
        start(checkout(), address());
        say("/checkout");
        say("Lamp");
        say("Elm 2");
        assertThat(say("/cancel")).isEqualTo("Cancelled. | Item?");
        assertThat(record().state()).isEqualTo("checkout:item");
        assertThat(record().data()).containsOnlyKeys("flow:checkout");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
        assertThat(say("/cancel")).isEqualTo("Cancelled. Use /start to begin again.");
        assertThat(record().state()).isNull();
        assertThat(record().data()).isEmpty();
    }

    private static Flow quantity() {
        return Flow.builder("quantity").ask("count", "How many?", "count", Validators.integer(1, 9), null)
                .maxAttempts(2).build();
    }

    private static Flow order(SubFlowCancel onCancel) {
        return Flow.builder("order").ask("item", "Item?", "item", null, "count")
                .call("count", "quantity", "qty", "done", onCancel).end("done", "Done").build();
    }

    @Test
    void tooManyInvalidAnswersInsideASubFlowReturnToTheCallerLikeCancel() throws Exception {
        start(order(SubFlowCancel.PARENT), quantity());
        say("/order");
        assertThat(say("Lamp")).isEqualTo("How many?");
        assertThat(say("lots")).contains("Attempt 1/2");
        assertThat(say("plenty")).isEqualTo("Too many invalid attempts. Back to the previous step. | Item?");
        assertThat(record().state()).isEqualTo("order:item");
        assertThat(record().data()).containsOnlyKeys("flow:order");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
        assertThat(say("Desk")).isEqualTo("How many?");
        assertThat(say("3")).isEqualTo("Done");
    }

    @Test
    void tooManyInvalidAnswersInsideASubFlowCancelAllWhenTheCallSaysSo() throws Exception {
        start(order(SubFlowCancel.ALL), quantity());
        say("/order");
        say("Lamp");
        say("lots");
        assertThat(say("plenty")).isEqualTo("Too many invalid attempts. Operation cancelled. Use /start to try again.");
        assertThat(record().state()).isNull();
        assertThat(record().data()).isEmpty();
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
    }

    @Test
    void cancelAllOnTheCallNodeCancelsTheCallerToo() throws Exception {
        start(checkout(SubFlowCancel.ALL), address());
        say("/checkout");
        say("Lamp");
        assertThat(say("/cancel")).isEqualTo("Cancelled. Use /start to begin again.");
        assertThat(record().state()).isNull();
        assertThat(record().data()).isEmpty();
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
    }

    @Test
    void cancelAllAsTheEngineDefault() throws Exception {
        start(checkout(), address());
        engine.setSubFlowCancel(SubFlowCancel.ALL);
        say("/checkout");
        say("Lamp");
        assertThat(say("/cancel")).isEqualTo("Cancelled. Use /start to begin again.");
        assertThat(record().state()).isNull();
        assertThat(record().data()).isEmpty();
    }

    @Test
    void startingAnotherFlowAbandonsTheWholeStack() throws Exception {
        start(checkout(), address());
        say("/checkout");
        say("Lamp");
        assertThat(say("/checkout")).isEqualTo("Item?");
        assertThat(record().data()).containsOnlyKeys("flow:checkout");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
    }

    @Test
    void resetClearsTheStack() throws Exception {
        start(checkout(), address());
        say("/checkout");
        say("Lamp");
        say("/reset");
        assertThat(record().state()).isNull();
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
    }

    @Test
    void aHandlerCallsAFlowAndGetsItsStateAndResultBack() throws Exception {
        start(address());
        assertThat(say("/address")).isEqualTo("Street?");
        say("Oak 3");
        say("Shelbyville");
        assertThat(record().state()).isEqualTo("menu:main");
        assertThat(record().data()).isEqualTo(Map.of("home", Map.of("street", "Oak 3", "city", "Shelbyville")));
        assertThat(resumed).containsExactly("menu:main <- address Shelbyville");
    }

    @Test
    void backAndCancelInAFlowAHandlerCalledReturnWithoutResult() throws Exception {
        start(address());
        say("/address");
        say("/back");
        assertThat(record().state()).isEqualTo("menu:main");
        say("/address");
        say("Oak 3");
        assertThat(say("/cancel")).isEqualTo("Cancelled.");
        assertThat(record().state()).isEqualTo("menu:main");
        assertThat(record().data()).isEmpty();
        assertThat(resumed).containsExactly("menu:main <- address without result",
                "menu:main <- address without result");
    }

    @Test
    void callsLeftBehindWhenTheStateWasClearedAreDroppedByTheNextCall() throws Exception {
        start(checkout(), address());
        say("/checkout");
        say("Lamp");
        storage.setState(KEY, null);
        storage.setData(KEY, Map.of());
        assertThat((List<?>) record().meta().get(CallStack.META)).hasSize(1);
        assertThat(say("/address")).isEqualTo("Street?");
        say("Oak 3");
        say("Shelbyville");
        assertThat(record().state()).isEqualTo("menu:main");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
    }

    @Test
    void nestingBeyondTheLimitFailsWithAClearError() throws Exception {
        Flow shipping = Flow.builder("shipping").call("to", "address", "to", null).build();
        FlowEngine deep = new FlowEngine(List.of(Flow.builder("gift").call("ship", "shipping", null, null).build(),
                shipping, address()), new TelegramMessenger(), EscapeCommands.ofDefaults(), Map.of(),
                UnknownStatePolicy.RESET);
        assertThatExceptionOfType(FsmConfigurationException.class).isThrownBy(() -> deep.setMaxCallDepth(1))
                .withMessageContaining(
                        "Flow 'gift' calls flows 2 deep (gift -> shipping -> address), beyond the limit of 1");
        deep.setMaxCallDepth(2);
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null,
                OutboxRelay.sendingThrough(telegram.client(), clock));
        UpdateDispatcher other = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().flows(deep::handle).handler(u -> deep.call(u, "gift", null, Map.of())).build(),
                DispatcherConfig.ofDefaults().withThreads(1), null);
        try {
            assertThat(other.submit(updates.text(USER + 1, "/go"))).failsWithin(10, TimeUnit.SECONDS)
                    .withThrowableThat().withMessageContaining("2 sub-flows are already running, the limit")
                    .withMessageContaining("is 2; calls: [gift, shipping]");
        }
        finally {
            other.close();
        }
        assertThat(storage.load(StorageKey.of(BOT, USER + 1, USER + 1)).state()).as("nothing committed").isNull();
    }

    @Test
    void unknownCalledFlowsAndCyclesFailWhenTheEngineIsBuilt() {
        assertThatExceptionOfType(FsmConfigurationException.class)
                .isThrownBy(
                        () -> new FlowEngine(List.of(checkout()), new TelegramMessenger(), EscapeCommands.ofDefaults(),
                                Map.of(), UnknownStatePolicy.RESET))
                .withMessageContaining("Node 'ship' of flow 'checkout' calls unknown flow 'address'");
        assertThatExceptionOfType(FsmConfigurationException.class)
                .isThrownBy(() -> new FlowEngine(List.of(Flow.builder("a").call("c", "b", null, null).build(),
                        Flow.builder("b").call("c", "a", null, null).build()), new TelegramMessenger(),
                        EscapeCommands.ofDefaults(), Map.of(), UnknownStatePolicy.RESET))
                .withMessageContaining("Flow 'a' calls itself");
    }

    @Test
    void aRecordWrittenBeforeSubFlowsExistedStillRuns() throws Exception {
        start(checkout(), address());
        storage.setState(KEY, "checkout:item");
        storage.setData(KEY, Map.of("flow:checkout", Map.of("values", Map.of(), "path", List.of(), "attempts", 0,
                "total", 0)));
        assertThat(say("Chair")).isEqualTo("Street?");
    }

    @Test
    void theDiagramShowsTheCall() {
        assertThat(checkout().toMermaid()).contains("checkout_ship[[\"ship calls address\"]]")
                .contains("checkout_ship -->|shipping| checkout_pay");
    }
}
