package dev.tgfsm.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.feature.FeatureStateManager;
import dev.tgfsm.garbage.GarbageConfig;
import dev.tgfsm.garbage.GarbageStateRegistry;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.preferences.Preferences;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;
import dev.tgfsm.wizard.Wizard;

class ConversationResetTests {

    private static final long USER = 31;

    private static final StorageKey KEY = StorageKey.of(2, USER, USER);

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(2, clock);

    private final Updates updates = new Updates(clock);

    private UpdateDispatcher dispatcher;

    private FlowEngine engine;

    @AfterEach
    void stop() {
        dispatcher.close();
    }

    private void start(EscapeCommands escapes, List<String> passedOn) {
        Flow wizard = Wizard.named("survey").step("age", s -> s.prompt("How old are you?")).build();
        engine = new FlowEngine(List.of(wizard), new TelegramMessenger(), escapes, Map.of(), UnknownStatePolicy.RESET);
        UpdateHandler app = u -> {
            String text = u.update().getMessage().getText();
            if (text.equals("/prep")) {
                new FeatureStateManager(u.context(), "booking").update("hotel", "Grand");
                new HistoryManager(u.context()).push("menu", Map.of("page", 2));
                new Preferences(u.context()).set(Preferences.LANGUAGE, "de");
                new GarbageStateRegistry(telegram.client(), GarbageConfig.ofDefaults(), clock).track(u.context(), 555);
                engine.start(u, "survey");
            }
            else {
                passedOn.add(text);
            }
        };
        engine.setGarbage(new GarbageStateRegistry(telegram.client(), GarbageConfig.ofDefaults(), clock));
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null,
                OutboxRelay.sendingThrough(telegram.client(), clock));
        dispatcher = new UpdateDispatcher(2, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().flows(engine::handle).handler(app).build(),
                DispatcherConfig.ofDefaults().withThreads(1), null);
    }

    private void say(String text) throws Exception {
        dispatcher.submit(updates.text(USER, text)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void resetClearsEverythingButPreferencesAfterCollectingTheGarbage() throws Exception {
        start(EscapeCommands.ofDefaults(), new java.util.ArrayList<>());
        say("/prep");
        assertThat(storage.load(KEY).state()).isEqualTo("survey:age");
        assertThat(storage.load(KEY.withDestiny(HistoryManager.DEFAULT_DESTINY)).exists()).isTrue();

        say("/reset");

        assertThat(storage.load(KEY).state()).isNull();
        assertThat(storage.load(KEY).data()).isEmpty();
        assertThat(storage.load(KEY).meta()).doesNotContainKey(GarbageStateRegistry.META);
        assertThat(storage.load(KEY.withDestiny(HistoryManager.DEFAULT_DESTINY)).exists()).isFalse();
        assertThat(storage.load(DataScope.USER.keyOf(KEY)).data())
                .as("the preferences stay; the chat's resets are counted")
                .isEqualTo(Map.of("language", "de", "tgfsm.resets:" + KEY.chatId(), 1));
        assertThat(telegram.calls("deleteMessages").size() + telegram.calls("deleteMessage").size()).isEqualTo(1);
        assertThat(telegram.texts()).last().isEqualTo("Session reset. All data cleared.");
    }

    @Test
    void resetCanBeRenamedOrDisabled() throws Exception {
        List<String> passedOn = new java.util.ArrayList<>();
        start(EscapeCommands.ofDefaults().withReset("wipe", "Wiped."), passedOn);
        say("/wipe");
        assertThat(telegram.texts()).last().isEqualTo("Wiped.");
        stop();

        start(EscapeCommands.ofDefaults().withReset(null, "unused"), passedOn);
        say("/reset");
        assertThat(passedOn).containsExactly("/reset");
    }
}
