package dev.tgfsm.scene;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextOptions;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.DispatcherOptions;
import dev.tgfsm.dispatch.UpdateDispatcher;
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
import dev.tgfsm.storage.StorageSettings;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A scene that calls a flow and gets its result back; scenes that reset the history on entry; the registry check. */
class SceneCallsAndHistoryResetTests {

    private static final long BOT = 4;

    private static final long USER = 51;

    private static final StorageKey KEY = StorageKey.of(BOT, USER, USER);

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageSettings.defaults().withClock(clock));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private final List<String> events = new ArrayList<>();

    private Scenes scenes;

    private FlowEngine flows;

    private UpdateDispatcher dispatcher;

    private void start() {
        Flow address = Flow.builder("address").ask("city", "City?", "city", null, null).build();
        flows = new FlowEngine(List.of(address), new TelegramMessenger(), EscapeCommands.defaults(), Map.of(),
                UnknownStatePolicy.RESET);
        List<Scene> all = new ArrayList<>();
        for (String name : List.of("cart", "checkout", "done")) {
            all.add(Scene.of(name, u -> {
                String text = u.update().getMessage().getText();
                if (text.startsWith("go ")) {
                    scenes.goTo(u, text.substring(3), Map.of());
                }
                else if (text.equals("ship")) {
                    flows.call(u, "address", "shipping", Map.of());
                }
            }).withOnEnter((u, s) -> events.add("enter " + name))
                    .withOnBack((u, s) -> events.add("back to " + name + " with " + u.context().getData().get("shipping")))
                    .withResetHistoryOnEnter(name.equals("done")));
        }
        scenes = new Scenes(all, 10, "back");
        flows.setCallReturn((u, frame, result) -> scenes.resume(u));
        FsmContexts contexts = new FsmContexts(storage, new JacksonFsmCodec(),
                ContextOptions.defaults().withPreload(List.of(HistoryManager.DEFAULT_DESTINY)), null,
                OutboxRelay.sendingThrough(telegram.client(), clock));
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().flows(flows::handle).scenes(scenes::handle)
                        .handler(u -> scenes.enter(u, "cart", Map.of())).build(),
                DispatcherOptions.defaults().withThreads(2), null);
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
    void requireSceneNamesTheUnknownSceneAndTheKnownOnes() {
        start();
        scenes.requireScene("cart", "test");
        assertThatExceptionOfType(FsmConfigurationException.class)
                .isThrownBy(() -> scenes.requireScene("kart", "@After(goTo) on Shop.buy"))
                .withMessageContaining("@After(goTo) on Shop.buy names scene 'kart', which does not exist; known scenes: [cart, checkout, done]");
    }
}
