package dev.tgfsm.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.flow.CallStack;
import dev.tgfsm.flow.EscapeCommands;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.flow.FlowWiring;
import dev.tgfsm.flow.SubFlowCancel;
import dev.tgfsm.flow.TelegramMessenger;
import dev.tgfsm.flow.UnknownStatePolicy;
import dev.tgfsm.history.HistoryManager;
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

/** A flow's call node that calls a scene, through the same call stack as sub-flows. */
class FlowCallsSceneTests {

    private static final long BOT = 6;

    private static final long USER = 61;

    private static final StorageKey KEY = StorageKey.of(BOT, USER, USER);

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private final List<Map<String, Object>> completed = new ArrayList<>();

    private SceneNavigator scenes;

    private FlowEngine flows;

    private UpdateDispatcher dispatcher;

    private static Flow gift() {
        return Flow.builder("gift").ask("item", "Item?", "item", null, "wrap")
                .callScene("wrap", "wrapping", "wrapping", "note")
                .ask("note", "Note?", "note", null, null).build();
    }

    private void start(boolean wrappingResetsData, Flow... all) {
        flows = new FlowEngine(List.of(all), new TelegramMessenger(), EscapeCommands.ofDefaults(), Map.of(),
                UnknownStatePolicy.RESET);
        Scene wrapping = Scene.of("wrapping", u -> {
            String text = u.update().getMessage().getText();
            if (text.equals("exit")) {
                scenes.exit(u);
            }
            else if (text.equals("leave")) {
                scenes.leave(u);
            }
            else if (text.startsWith("go ")) {
                scenes.goTo(u, text.substring(3), Map.of());
            }
            else if (text.startsWith("paper ")) {
                u.context().updateData("paper", text.substring(6));
                scenes.finish(u, Map.of("paper", text.substring(6)));
            }
        }).withResetDataOnEnter(wrappingResetsData);
        Scene shop = Scene.of("shop", u -> scenes.call(u, "wrapping", "wrapping", Map.of()))
                .withOnBack((u, s) -> completed
                        .add(Map.of("back in shop with", String.valueOf(u.context().getData().get("wrapping")))));
        Scene ribbon = Scene.of("ribbon", u -> {
            String text = u.update().getMessage().getText();
            if (text.startsWith("color ")) {
                scenes.finish(u, Map.of("ribbon", text.substring(6)));
            }
        });
        scenes = new SceneNavigator(List.of(wrapping, shop, ribbon), 10, "back");
        scenes.callableFrom(flows);
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withPreload(List.of(HistoryManager.DEFAULT_DESTINY)), null,
                OutboxRelay.sendingThrough(telegram.client(), clock));
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().flows(flows::handle).scenes(scenes::handle)
                        .handler(u -> {
                            if ("/shop".equals(u.update().getMessage().getText())) {
                                scenes.enter(u, "shop", Map.of());
                            }
                            else {
                                flows.start(u, "gift");
                            }
                        }).build(),
                DispatcherConfig.ofDefaults().withThreads(2), null);
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    private String say(String text) throws Exception {
        int before = telegram.calls().size();
        dispatcher.submit(updates.text(USER, text)).get(10, TimeUnit.SECONDS);
        List<BotCall> calls = telegram.calls();
        return calls.subList(before, calls.size()).stream().filter(c -> c.text() != null).map(BotCall::text)
                .reduce((a, b) -> a + " | " + b).orElse("");
    }

    private FsmRecord record() {
        return storage.load(KEY);
    }

    @Test
    void theFlowEntersTheSceneAndResumesWithItsResult() throws Exception {
        start(false, gift());
        assertThat(say("/gift")).isEqualTo("Item?");
        say("Book");
        assertThat(record().state()).isEqualTo("scene:wrapping");
        assertThat((List<?>) record().meta().get(CallStack.META)).hasSize(1);
        assertThat(say("paper red")).isEqualTo("Note?");
        assertThat(record().state()).isEqualTo("gift:note");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
        assertThat(record().data()).containsOnlyKeys("flow:gift", "paper");
        assertThat(say("/back")).isEqualTo("Item?");
    }

    @Test
    void theFlowsProgressSurvivesASceneThatResetsItsDataOnEntry() throws Exception {
        start(true, Flow.builder("gift").ask("item", "Item?", "item", null, "wrap")
                .callScene("wrap", "wrapping", "wrapping", "done")
                .node(new dev.tgfsm.flow.FlowNode.Ask("done", v -> "Wrap " + v.get("item") + " in "
                        + ((Map<?, ?>) v.get("wrapping")).get("paper") + "?", "ok", null, null, null, true, 0, null,
                        null))
                .build());
        say("/gift");
        say("Book");
        assertThat(say("paper blue")).isEqualTo("Wrap Book in blue?");
    }

    @Test
    void backAtTheCalledSceneReturnsToTheFlowsNodeBeforeTheCall() throws Exception {
        start(false, gift());
        say("/gift");
        say("Book");
        assertThat(say("/back")).isEqualTo("Item?");
        assertThat(record().state()).isEqualTo("gift:item");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
        say("Pen");
        assertThat(say("paper gold")).isEqualTo("Note?");
    }

    @Test
    void theCallContinuesInTheSceneTheCalledSceneWentToAndFinishesFromThere() throws Exception {
        start(false, gift());
        say("/gift");
        say("Book");
        say("go ribbon");
        assertThat(record().state()).isEqualTo("scene:ribbon");
        assertThat((List<?>) record().meta().get(CallStack.META)).hasSize(1);
        assertThat(say("color blue")).isEqualTo("Note?");
        assertThat(record().state()).isEqualTo("gift:note");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
        assertThat(record().data().get("flow:gift").toString()).contains("ribbon=blue");
    }

    @Test
    void cancelInTheSceneTheCalledSceneWentToReturnsToTheFlow() throws Exception {
        start(false, gift());
        say("/gift");
        say("Book");
        say("go ribbon");
        assertThat(say("/cancel")).isEqualTo("Cancelled. | Item?");
        assertThat(record().state()).isEqualTo("gift:item");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
        assertThat(storage.load(KEY.withDestiny(HistoryManager.DEFAULT_DESTINY)).data())
                .as("no snapshot of the call stays").isEmpty();
    }

    @Test
    void backInTheSceneTheCalledSceneWentToReturnsToTheCalledSceneThenToTheFlow() throws Exception {
        start(false, gift());
        say("/gift");
        say("Book");
        say("go ribbon");
        say("/back");
        assertThat(record().state()).as("back in the called scene, still inside the call").isEqualTo("scene:wrapping");
        assertThat((List<?>) record().meta().get(CallStack.META)).hasSize(1);
        say("go ribbon");
        assertThat(say("color blue")).isEqualTo("Note?");
        assertThat(record().data().get("flow:gift").toString()).contains("ribbon=blue");
        assertThat(storage.load(KEY.withDestiny(HistoryManager.DEFAULT_DESTINY)).data())
                .as("no snapshot of the call stays").isEmpty();
        assertThat(say("/back")).as("the flow's own back, to its node before the call").isEqualTo("Item?");
        say("Pen");
        say("go ribbon");
        say("/back");
        assertThat(say("/back")).as("from the called scene back to the flow").isEqualTo("Item?");
        assertThat(record().state()).isEqualTo("gift:item");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
    }

    @Test
    void cancelInsideTheCalledSceneReturnsToTheFlowByDefault() throws Exception {
        start(false, gift());
        say("/gift");
        say("Book");
        assertThat(say("/cancel")).isEqualTo("Cancelled. | Item?");
        assertThat(record().state()).isEqualTo("gift:item");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
        assertThat(storage.load(KEY.withDestiny(HistoryManager.DEFAULT_DESTINY)).data())
                .as("no snapshot of the call stays").isEmpty();
    }

    @Test
    void cancelInsideTheCalledSceneCancelsAllWhenConfigured() throws Exception {
        start(false, gift());
        flows.setSubFlowCancel(SubFlowCancel.ALL);
        say("/gift");
        say("Book");
        assertThat(say("/cancel")).isEqualTo("Cancelled. Use /start to begin again.");
        assertThat(record().state()).isNull();
        assertThat(record().data()).isEmpty();
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
    }

    @Test
    void cancelInsideASceneAnotherSceneCalledReturnsToThatScene() throws Exception {
        start(false, gift());
        say("/shop");
        say("wrap it");
        assertThat(record().state()).isEqualTo("scene:wrapping");
        assertThat(say("/cancel")).isEqualTo("Cancelled.");
        assertThat(record().state()).isEqualTo("scene:shop");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
        assertThat(completed).containsExactly(Map.of("back in shop with", "null"));
        say("wrap it");
        say("paper red");
        assertThat(completed).last().isEqualTo(Map.of("back in shop with", "{paper=red}"));
        say("wrap it");
        flows.setSubFlowCancel(SubFlowCancel.ALL);
        assertThat(say("/cancel")).isEqualTo("Cancelled. Use /start to begin again.");
        assertThat(record().state()).isNull();
    }

    @Test
    void exitingTheCalledSceneEndsItsCallAndTheFlowResumesAtItsNodeBeforeTheCall() throws Exception {
        start(false, gift());
        say("/gift");
        say("Book");
        assertThat(say("exit")).isEqualTo("Item?");
        assertThat(record().state()).isEqualTo("gift:item");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
        say("Pen");
        assertThat((List<?>) record().meta().get(CallStack.META)).hasSize(1);
        assertThat(say("paper gold")).isEqualTo("Note?");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
    }

    @Test
    void leavingTheCalledSceneEndsItsCallToo() throws Exception {
        start(false, gift());
        say("/gift");
        say("Book");
        assertThat(say("leave")).isEqualTo("Item?");
        assertThat(record().state()).isEqualTo("gift:item");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
    }

    @Test
    void exitingASceneAnotherSceneCalledReturnsToThatScene() throws Exception {
        start(false, gift());
        say("/shop");
        say("wrap it");
        say("exit");
        assertThat(record().state()).isEqualTo("scene:shop");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
        assertThat(completed).containsExactly(Map.of("back in shop with", "null"));
    }

    @Test
    void exitingASceneThatWasTheFlowsFirstStepLeavesTheFlowAndNothingStays() throws Exception {
        start(false, Flow.builder("gift").callScene("wrap", "wrapping", "wrapping", null).build());
        say("/gift");
        say("exit");
        assertThat(record().state()).isNull();
        assertThat(record().data()).doesNotContainKey("flow:gift");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
    }

    @Test
    void aSceneAsTheFlowsFirstStepLeftWithoutResultLeavesTheFlow() throws Exception {
        start(false, Flow.builder("gift").callScene("wrap", "wrapping", "wrapping", null).build());
        say("/gift");
        assertThat(record().state()).isEqualTo("scene:wrapping");
        say("/back");
        assertThat(record().state()).isNull();
        assertThat(record().data()).doesNotContainKey("flow:gift");
        assertThat(record().meta()).doesNotContainKey(CallStack.META);
    }

    @Test
    void anUnknownCalledSceneFailsWhenTheScenesAreConnected() {
        FlowEngine engine = new FlowEngine(List.of(gift()), new TelegramMessenger(), EscapeCommands.ofDefaults(),
                Map.of(), UnknownStatePolicy.RESET);
        SceneNavigator none = new SceneNavigator(List.of(Scene.of("other", u -> {})), 10, "back");
        assertThatExceptionOfType(FsmConfigurationException.class).isThrownBy(() -> none.callableFrom(engine))
                .withMessageContaining("Node 'wrap' of flow 'gift' calls unknown scene 'wrapping'");
    }

    @Test
    void aSceneCallWithoutConnectedScenesFailsWithAClearError() throws Exception {
        start(false, gift());
        FlowWiring.sceneCalls(flows, null);
        say("/gift");
        assertThat(dispatcher.submit(updates.text(USER, "Book"))).failsWithin(10, TimeUnit.SECONDS)
                .withThrowableThat()
                .withMessageContaining("calls scene 'wrapping', but the flow engine knows no scenes");
        assertThat(record().state()).as("nothing committed").isEqualTo("gift:item");
    }
}
