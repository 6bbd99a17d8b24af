package dev.tgfsm.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

class SceneNavigatorTests {

    private static final long BOT = 3;

    private static final long USER = 50;

    private static final StorageKey KEY = StorageKey.of(BOT, USER, USER);

    private final MutableClock clock = MutableClock.now();

    private final CountingFsmStorage storage = new CountingFsmStorage(
            new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock)));

    private final Updates updates = new Updates(clock);

    private final List<String> events = new ArrayList<>();

    private SceneNavigator scenes;

    private UpdateDispatcher dispatcher;

    /** A settings menu: main -> language -> region, each level remembers its own choice. */
    private void start() {
        List<Scene> all = new ArrayList<>();
        for (String name : List.of("main", "language", "region")) {
            all.add(Scene.of(name, u -> {
                String text = u.update().getMessage().getText();
                if (text.startsWith("go ")) {
                    scenes.goTo(u, text.substring(3), Map.of());
                }
                else if (text.equals("exit")) {
                    scenes.exit(u);
                }
                else if (text.equals("retake")) {
                    scenes.retake(u);
                }
                else if (text.equals("leave")) {
                    scenes.leave(u);
                }
                else {
                    u.context().updateData(name, text);
                }
            }).withOnEnter((u, s) -> events.add("enter " + name))
                    .withOnLeave((u, s) -> events.add("leave " + name))
                    .withOnExit((u, s) -> events.add("exit " + name))
                    .withOnBack((u, s) -> events.add("back to " + name))
                    .withResetDataOnEnter(name.equals("region")));
        }
        scenes = new SceneNavigator(all, 10, "back");
        UpdateHandler app = u -> {
            if ("/settings".equals(u.update().getMessage().getText())) {
                scenes.enter(u, "main", Map.of("opened", true));
            }
            else {
                events.add("outside");
            }
        };
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withPreload(List.of(HistoryManager.DEFAULT_DESTINY)), null);
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().scenes(scenes::handle).handler(app).build(),
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
    void enteringRunsHooksAndSetsTheSceneState() throws Exception {
        start();
        say("/settings");
        assertThat(storage.getState(KEY)).isEqualTo("scene:main");
        assertThat(storage.getData(KEY)).containsEntry("opened", true);
        say("go language");
        assertThat(events).containsExactly("enter main", "leave main", "enter language");
    }

    @Test
    void backNavigatesThreeLevelsRestoringDataExactlyEvenWhenTheSceneResetsOnEnter() throws Exception {
        start();
        say("/settings");
        say("dark theme");
        say("go language");
        say("English");
        say("go region");
        assertThat(storage.getData(KEY)).isEmpty();
        say("Europe");
        say("go main");
        say("/back");
        assertThat(storage.getState(KEY)).isEqualTo("scene:region");
        assertThat(storage.getData(KEY)).isEqualTo(Map.of("region", "Europe"));
        say("/back");
        assertThat(storage.getState(KEY)).isEqualTo("scene:language");
        assertThat(storage.getData(KEY)).isEqualTo(Map.of("opened", true, "main", "dark theme", "language", "English"));
        say("/back");
        assertThat(storage.getState(KEY)).isEqualTo("scene:main");
        assertThat(storage.getData(KEY)).isEqualTo(Map.of("opened", true, "main", "dark theme"));
        assertThat(events).contains("back to region", "back to language", "back to main");
        say("/back");
        assertThat(storage.getState(KEY)).isNull();
        assertThat(storage.getData(KEY)).isEmpty();
    }

    @Test
    void theBackCommandOfAnotherBotGoesToTheSceneNotBack() throws Exception {
        start();
        scenes.setBotUsername("SettingsBot");
        say("/settings");
        say("go language");

        say("/back@OtherBot");
        assertThat(storage.getState(KEY)).isEqualTo("scene:language");
        assertThat(storage.getData(KEY)).containsEntry("language", "/back@OtherBot");

        say("/back@SettingsBot");
        assertThat(storage.getState(KEY)).isEqualTo("scene:main");
    }

    @Test
    void aMoveCommitsStateAndHistoryInOneWrite() throws Exception {
        start();
        say("/settings");
        storage.reset();
        say("go language");
        assertThat(storage.snapshot()).containsOnly(Map.entry("loadAll", 1L), Map.entry("save", 1L));
        assertThat(storage.getData(KEY.withDestiny(HistoryManager.DEFAULT_DESTINY))).containsKey("history");
    }

    @Test
    void exitClearsStateAndHistory() throws Exception {
        start();
        say("/settings");
        say("go language");
        say("exit");
        assertThat(storage.getState(KEY)).isNull();
        assertThat(storage.getData(KEY.withDestiny(HistoryManager.DEFAULT_DESTINY))).isEmpty();
        assertThat(events).endsWith("exit language");
        say("anything");
        assertThat(events).endsWith("outside");
    }

    @Test
    void retakeEntersAgainAndLeaveKeepsTheWayBack() throws Exception {
        start();
        say("/settings");
        say("retake");
        assertThat(events).containsExactly("enter main", "leave main", "enter main");
        say("leave");
        assertThat(storage.getState(KEY)).isNull();
        assertThat(new HistoryManager(
                FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null)
                        .writeThrough(KEY))
                .all()).hasSize(2);
    }

    @Test
    void unknownSceneIsAClearError() throws Exception {
        start();
        say("/settings");
        assertThatExceptionOfType(java.util.concurrent.ExecutionException.class)
                .isThrownBy(() -> say("go nowhere")).withMessageContaining("No scene named 'nowhere'");
        assertThat(storage.getState(KEY)).isEqualTo("scene:main");
    }

    @Test
    void scenesAreCheckedWhenBuilt() {
        assertThatExceptionOfType(dev.tgfsm.FsmConfigurationException.class)
                .isThrownBy(() -> new SceneNavigator(List.of(Scene.of("a", u -> {}), Scene.of("a", u -> {})), 10, null))
                .withMessageContaining("Two scenes are named 'a'");
        assertThatExceptionOfType(dev.tgfsm.FsmConfigurationException.class)
                .isThrownBy(() -> Scene.of("bad name!", (UpdateContext u) -> {}));
    }
}
