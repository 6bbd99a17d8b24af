package dev.tgfsm.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.conversation.Conversations;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.MessageKeying;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.preferences.Preferences;
import dev.tgfsm.privacy.Privacy;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;

/**
 * {@code /reset} in a chat clears the per-message conversations (two menus) of that user there on
 * their next update, without a scan and, with the history and the user scope preloaded (as the starter
 * does), without an extra storage call.
 */
class PerMessageResetTests {

    private static final long BOT = 12;

    private static final long USER = 121;

    private final MutableClock clock = MutableClock.now();

    private final CountingFsmStorage storage = new CountingFsmStorage(
            new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock)));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final Updates updates = new Updates(clock);

    private UpdateDispatcher dispatcher;

    /** What the bot's handler saw of the user's data. */
    private final List<Map<?, ?>> seen = new CopyOnWriteArrayList<>();

    private void start() {
        FlowEngine engine = new FlowEngine(List.of(), new TelegramMessenger(), EscapeCommands.ofDefaults(), Map.of(),
                UnknownStatePolicy.RESET);
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                ContextConfig.ofDefaults()
                        .withPreload(List.of(HistoryManager.DEFAULT_DESTINY, DataScope.USER.destiny())),
                null,
                OutboxRelay.sendingThrough(telegram.client(), clock));
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts,
                UpdatePipeline.builder().flows(engine::handle).handler(u -> {
                    if (u.update().hasCallbackQuery()) {
                        int count = u.context().getData().get("count") instanceof Integer n ? n + 1 : 1;
                        u.context().updateData("count", count);
                        u.context().setState("menu:open");
                        u.transaction().outbox()
                                .send(org.telegram.telegrambots.meta.api.methods.send.SendMessage.builder()
                                        .chatId(u.update().getCallbackQuery().getMessage().getChatId())
                                        .text("menu " + u.key().messageScope() + " count " + count).build());
                    }
                    else if ("/look".equals(u.update().getMessage().getText())) {
                        u.scope(DataScope.USER).set("city", "Berlin");
                        seen.add(u.scope(DataScope.USER).all());
                        seen.add(u.scope(DataScope.USER).as(Map.class));
                        seen.add(new Preferences(u.context()).all());
                    }
                    else if ("/forget".equals(u.update().getMessage().getText())) {
                        u.scope(DataScope.USER).clear();
                    }
                }).build(),
                DispatcherConfig.ofDefaults().withThreads(2), null);
        dispatcher.setMessageKeying(MessageKeying.callbackPrefixes("menu:"));
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    private String press(int message) throws Exception {
        return send(updates.callback(USER, USER, message, "menu:up"));
    }

    private String send(Update update) throws Exception {
        int before = telegram.calls().size();
        dispatcher.submit(update).get(10, TimeUnit.SECONDS);
        List<BotCall> calls = telegram.calls();
        return calls.subList(before, calls.size()).stream().map(BotCall::text).filter(t -> t != null)
                .reduce((a, b) -> a + " | " + b).orElse("");
    }

    @Test
    void resetClearsBothMenusOnTheirNextPressAndCancelLeavesThem() throws Exception {
        start();
        assertThat(press(10)).isEqualTo("menu 10 count 1");
        assertThat(press(10)).isEqualTo("menu 10 count 2");
        assertThat(press(20)).isEqualTo("menu 20 count 1");
        assertThat(send(updates.text(USER, "/cancel"))).isEqualTo("Nothing to cancel.");
        assertThat(press(20)).isEqualTo("menu 20 count 2");
        assertThat(send(updates.text(USER, "/reset"))).isEqualTo("Session reset. All data cleared.");
        assertThat(press(10)).isEqualTo("menu 10 count 1");
        assertThat(press(20)).isEqualTo("menu 20 count 1");
        assertThat(press(10)).isEqualTo("menu 10 count 2");
        assertThat(press(30)).as("a menu begun after the reset").isEqualTo("menu 30 count 1");
        assertThat(press(30)).isEqualTo("menu 30 count 2");
    }

    @Test
    void clearingTheConversationFromOutsideClearsTheMenusOnTheirNextPress() throws Exception {
        start();
        assertThat(press(10)).isEqualTo("menu 10 count 1");
        assertThat(press(10)).isEqualTo("menu 10 count 2");
        new Conversations(dispatcher, null, null).of(USER, USER).clear().get(10, TimeUnit.SECONDS);
        assertThat(press(10)).isEqualTo("menu 10 count 1");
        assertThat(press(10)).isEqualTo("menu 10 count 2");
    }

    @Test
    void thePressThatClearsAMenuCostsNoExtraStorageCallWithTheStartersPreloads() throws Exception {
        start();
        press(10);
        storage.reset();
        press(10);
        long loads = storage.count("loadAll");
        long saves = storage.count("save");
        send(updates.text(USER, "/reset"));
        storage.reset();
        assertThat(press(10)).isEqualTo("menu 10 count 1");
        assertThat(storage.count("loadAll")).as("loads of a press, as before the reset").isEqualTo(loads);
        assertThat(storage.count("save")).as("saves of a press, as before the reset").isEqualTo(saves);
    }

    @Test
    void theResetCountIsBookkeepingNobodySeesAndAClearOfTheUsersDataKeeps() throws Exception {
        start();
        assertThat(press(10)).isEqualTo("menu 10 count 1");
        send(updates.text(USER, "/reset"));
        send(updates.text(USER, "/look"));
        assertThat(seen).as("the handler's view of the user scope, typed, and the preferences")
                .containsExactly(Map.of("city", "Berlin"), Map.of("city", "Berlin"), Map.of("city", "Berlin"));
        String exported = new Privacy(storage, clock).export(USER).toMap().toString();
        assertThat(exported).contains("Berlin").doesNotContain("resets:");
        assertThat(press(10)).isEqualTo("menu 10 count 1");
        assertThat(press(10)).isEqualTo("menu 10 count 2");

        send(updates.text(USER, "/forget"));
        assertThat(storage.load(DataScope.userKey(BOT, USER)).data())
                .as("the application's entries are gone, the count stays").containsOnlyKeys("tgfsm.resets:" + USER);
        assertThat(press(10)).isEqualTo("menu 10 count 3");
        send(updates.text(USER, "/reset"));
        assertThat(press(10)).as("the next reset still reaches the menu").isEqualTo("menu 10 count 1");
    }
}
