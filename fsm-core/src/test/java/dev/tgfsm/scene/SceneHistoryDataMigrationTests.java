package dev.tgfsm.scene;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataVersions;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.feature.DataMigration;
import dev.tgfsm.feature.DataMigrations;
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

/**
 * {@code /back} to a scene snapshot taken before a conversation data migration was deployed restores
 * the data upgraded by that migration; a snapshot taken after it is not migrated again.
 */
class SceneHistoryDataMigrationTests {

    private static final long BOT = 6;

    private static final long USER = 61;

    private static final StorageKey KEY = StorageKey.of(BOT, USER, USER);

    /** Renames {@code name} to {@code fullName}; run twice it loses the value, so a second run shows. */
    private static final DataMigrations RENAME = DataMigrations.of(List.of(DataMigration.ofConversation(1, data -> {
        data.put("fullName", data.remove("name"));
        return data;
    })));

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private UpdateDispatcher dispatcher;

    private SceneNavigator scenes;

    /** Starts (or restarts, as a deploy does) the bot over the same storage. */
    private void start(DataVersions versions) {
        if (dispatcher != null) {
            dispatcher.close();
        }
        scenes = new SceneNavigator(List.of(Scene.of("cart", this::move), Scene.of("checkout", this::move)), 10,
                "back");
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults()
                .withPreload(List.of(HistoryManager.DEFAULT_DESTINY)).withDataVersions(versions), null,
                OutboxRelay.sendingThrough(telegram.client(), clock));
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().scenes(scenes::handle)
                        .handler(u -> scenes.enter(u, "cart", Map.of("name", "Ann"))).build(),
                DispatcherConfig.ofDefaults().withThreads(2), null);
    }

    private void move(UpdateContext update) throws Exception {
        String text = update.update().getMessage().getText();
        if (text.startsWith("go ")) {
            scenes.goTo(update, text.substring(3), Map.of());
        }
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
    void backToASnapshotTakenBeforeAMigrationRestoresTheDataUpgraded() throws Exception {
        start(DataVersions.NONE);
        say("/shop");
        say("go checkout");
        start(RENAME);
        say("/back");
        assertThat(storage.getState(KEY)).isEqualTo("scene:cart");
        assertThat(storage.getData(KEY)).containsEntry("fullName", "Ann").doesNotContainKey("name")
                .containsEntry(DataVersions.VERSION_ENTRY, 2);
    }

    @Test
    void backToASnapshotTakenAfterTheMigrationDoesNotMigrateItAgain() throws Exception {
        start(DataVersions.NONE);
        say("/shop");
        start(RENAME);
        say("go checkout");
        say("/back");
        assertThat(storage.getState(KEY)).isEqualTo("scene:cart");
        assertThat(storage.getData(KEY)).containsEntry("fullName", "Ann").doesNotContainKey("name");
    }
}
