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
import dev.tgfsm.flow.TelegramMessenger;
import dev.tgfsm.flow.UnknownStatePolicy;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/** A scene that calls a flow and gets its result back; scenes that reset the history on entry; the registry check. */
class SceneCallsAndHistoryResetTests {

    private static final long BOT = 4;

    private static final long USER = 51;

    private static final StorageKey KEY = StorageKey.of(BOT, USER, USER);

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private final List<String> events = new ArrayList<>();

    private SceneNavigator scenes;

    private FlowEngine flows;

    private UpdateDispatcher dispatcher;

    private void start() {
        Flow address = Flow.builder("address").ask("city", "City?", "city", null, null).build();
        flows = new FlowEngine(List.of(address), new TelegramMessenger(), EscapeCommands.ofDefaults(), Map.of(),
                UnknownStatePolicy.RESET);
        List<Scene> all = new ArrayList<>();
        for (String name : List.of("cart", "checkout", "done", "color")) {
            all.add(Scene.of(name, u -> {
                String text = u.update().getMessage().getText();
                if (text.startsWith("go ")) {
                    scenes.goTo(u, text.substring(3), Map.of());
                }
                else if (text.equals("ship")) {
                    flows.call(u, "address", "shipping", Map.of());
                }
                else if (text.equals("pick")) {
                    scenes.call(u, "color", "color", Map.of());
                }
                else if (text.startsWith("take ")) {
                    scenes.finish(u, Map.of("name", text.substring(5)));
                }
            }).withOnEnter((u, s) -> events.add("enter " + name))
                    .withOnBack((u,
                            s) -> events.add("back to " + name + " with " + u.context().getData().get("shipping")
                                    + (u.context().getData().containsKey("color")
                                            ? " " + u.context().getData().get("color") : "")))
                    .withResetHistoryOnEnter(name.equals("done")));
        }
        scenes = new SceneNavigator(all, 10, "back");
        scenes.callableFrom(flows);
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withPreload(List.of(HistoryManager.DEFAULT_DESTINY)), null,
                OutboxRelay.sendingThrough(telegram.client(), clock));
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().flows(flows::handle).scenes(scenes::handle)
                        .handler(u -> scenes.enter(u, "cart", Map.of())).build(),
                DispatcherConfig.ofDefaults().withThreads(2), null);
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    private void say(String text) throws Exception {
        dispatcher.submit(updates.text(USER, text)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSceneCallsAFlowAndResumesWithItsResult() throws Exception {
        start();
        say("/shop");
        say("go checkout");
        say("ship");
        assertThat(storage.getState(KEY)).isEqualTo("address:city");
        say("Springfield");
        assertThat(storage.getState(KEY)).isEqualTo("scene:checkout");
        assertThat(events).containsExactly("enter cart", "enter checkout", "back to checkout with {city=Springfield}");
        say("/back");
        assertThat(storage.getState(KEY)).isEqualTo("scene:cart");
    }

    @Test
    void backAtTheCalledFlowsFirstNodeResumesTheSceneWithoutResult() throws Exception {
        start();
        say("/shop");
        say("ship");
        say("/back");
        assertThat(storage.getState(KEY)).isEqualTo("scene:cart");
        assertThat(events).containsExactly("enter cart", "back to cart with null");
    }

    @Test
    void aSceneThatResetsTheHistoryOnEnterCannotGoBackBeyondItself() throws Exception {
        start();
        say("/shop");
        say("go checkout");
        assertThat(storage.load(KEY.withDestiny(HistoryManager.DEFAULT_DESTINY)).data()).isNotEmpty();
        say("go done");
        say("/back");
        assertThat(storage.getState(KEY)).isNull();
        assertThat(storage.load(KEY.withDestiny(HistoryManager.DEFAULT_DESTINY)).data()).isEmpty();
    }

    @Test
    void aSceneCallsAnotherSceneAndGetsItsResult() throws Exception {
        start();
        say("/shop");
        say("go checkout");
        say("pick");
        assertThat(storage.getState(KEY)).isEqualTo("scene:color");
        assertThat(storage.load(KEY).meta()).containsKey(CallStack.META);
        say("take red");
        assertThat(storage.getState(KEY)).isEqualTo("scene:checkout");
        assertThat(storage.getData(KEY)).containsEntry("color", Map.of("name", "red"));
        assertThat(storage.load(KEY).meta()).doesNotContainKey(CallStack.META);
        assertThat(events).containsExactly("enter cart", "enter checkout", "enter color",
                "back to checkout with null {name=red}");
        say("/back");
        assertThat(storage.getState(KEY)).as("the call left the history as it was").isEqualTo("scene:cart");
    }

    @Test
    void backFromACalledSceneReturnsWithoutResultAndFinishOutsideACallFails() throws Exception {
        start();
        say("/shop");
        say("pick");
        say("/back");
        assertThat(storage.getState(KEY)).isEqualTo("scene:cart");
        assertThat(storage.getData(KEY)).doesNotContainKey("color");
        assertThat(storage.load(KEY).meta()).doesNotContainKey(CallStack.META);
        assertThat(dispatcher.submit(updates.text(USER, "take blue"))).failsWithin(10, TimeUnit.SECONDS)
                .withThrowableThat().withMessageContaining("which no one called with Scenes.call");
    }

    @Test
    void goToInsideACalledSceneMovesTheCallAndFinishFromThereReturnsToTheCaller() throws Exception {
        start();
        say("/shop");
        say("go checkout");
        say("pick");
        say("go cart");
        assertThat(storage.getState(KEY)).isEqualTo("scene:cart");
        assertThat(storage.load(KEY).meta().get(CallStack.META)).as("the call moved with the conversation")
                .isEqualTo(List
                        .of(Map.of("callee", "scene:cart", "caller", "scene:checkout", "field", "color", "steps", 1)));
        say("take red");
        assertThat(storage.getState(KEY)).isEqualTo("scene:checkout");
        assertThat(storage.getData(KEY)).containsEntry("color", Map.of("name", "red"));
        assertThat(storage.load(KEY).meta()).doesNotContainKey(CallStack.META);
        say("/back");
        assertThat(storage.getState(KEY)).as("the call left the history as it was").isEqualTo("scene:cart");
        say("/back");
        assertThat(storage.getState(KEY)).isNull();
    }

    @Test
    void backFromTheSceneACalledSceneWentToReturnsToTheCalledSceneAndFromThereToTheCaller() throws Exception {
        start();
        say("/shop");
        say("go checkout");
        say("pick");
        say("go cart");
        say("/back");
        assertThat(storage.getState(KEY)).as("back in the called scene, still inside the call")
                .isEqualTo("scene:color");
        assertThat(storage.load(KEY).meta().get(CallStack.META))
                .isEqualTo(List.of(Map.of("callee", "scene:color", "caller", "scene:checkout", "field", "color")));
        say("/back");
        assertThat(storage.getState(KEY)).isEqualTo("scene:checkout");
        assertThat(storage.getData(KEY)).doesNotContainKey("color");
        assertThat(storage.load(KEY).meta()).doesNotContainKey(CallStack.META);
        say("/back");
        assertThat(storage.getState(KEY)).isEqualTo("scene:cart");
    }

    @Test
    void backWalksEveryStepOfACallEvenThroughTheCallersOwnSceneAndFinishWorksAfterIt() throws Exception {
        start();
        say("/shop");
        say("go checkout");
        say("pick");
        say("go cart");
        say("go checkout");
        say("/back");
        assertThat(storage.getState(KEY)).isEqualTo("scene:cart");
        say("/back");
        assertThat(storage.getState(KEY)).isEqualTo("scene:color");
        say("go cart");
        say("take blue");
        assertThat(storage.getState(KEY)).isEqualTo("scene:checkout");
        assertThat(storage.getData(KEY)).containsEntry("color", Map.of("name", "blue"));
        assertThat(storage.load(KEY).meta()).doesNotContainKey(CallStack.META);
        say("/back");
        assertThat(storage.getState(KEY)).as("the call's scenes left no snapshot behind").isEqualTo("scene:cart");
        say("/back");
        assertThat(storage.getState(KEY)).isNull();
    }

    @Test
    void cancelInTheSceneACalledSceneWentToReturnsToTheCallerAndDropsTheCallsSteps() throws Exception {
        start();
        say("/shop");
        say("go checkout");
        say("pick");
        say("go cart");
        say("/cancel");
        assertThat(storage.getState(KEY)).isEqualTo("scene:checkout");
        assertThat(storage.load(KEY).meta()).doesNotContainKey(CallStack.META);
        say("/back");
        assertThat(storage.getState(KEY)).as("the call's scenes left no snapshot behind").isEqualTo("scene:cart");
    }

    @Test
    void aSceneThatResetsTheHistoryInsideACallEndsTheWayBackThere() throws Exception {
        start();
        say("/shop");
        say("pick");
        say("go done");
        assertThat(storage.load(KEY).meta().get(CallStack.META))
                .isEqualTo(List.of(Map.of("callee", "scene:done", "caller", "scene:cart", "field", "color")));
        say("/back");
        assertThat(storage.getState(KEY)).as("back to the caller, whose snapshot went with the history")
                .isEqualTo("scene:cart");
        assertThat(storage.load(KEY).meta()).doesNotContainKey(CallStack.META);
    }

    @Test
    void requireSceneNamesTheUnknownSceneAndTheKnownOnes() {
        start();
        scenes.requireScene("cart", "test");
        assertThatExceptionOfType(FsmConfigurationException.class)
                .isThrownBy(() -> scenes.requireScene("kart", "@After(goTo) on Shop.buy"))
                .withMessageContaining(
                        "@After(goTo) on Shop.buy names scene 'kart', which does not exist; known scenes: [cart, checkout, done, color]");
    }
}
