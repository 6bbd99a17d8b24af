package dev.tgfsm.timeout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.context.SessionMetadata;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.storage.ForwardingFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;

/**
 * The restart notice: once per conversation, only within the window, only with a state.
 */
class RestartNotifierTests {

    private final MutableClock clock = MutableClock.now();

    private final FsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(1, clock);

    private final FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
            ContextConfig.ofDefaults(),
            null, OutboxRelay.sendingThrough(telegram.client(), clock));

    private RestartNotifier notifier() {
        return new RestartNotifier(contexts, clock, Duration.ofHours(1), RestartNotifier.DEFAULT_TEXT);
    }

    private List<String> chats() {
        return telegram.calls("sendMessage").stream().map(c -> c.param("chat_id")).toList();
    }

    @Test
    void notifiesRecentConversationsWithAStateOnce() {
        storage.setState(StorageKey.of(1, 10, 10), "old:step");
        clock.advance(Duration.ofMinutes(90));
        storage.setState(StorageKey.of(1, 20, 20), "form:name");
        storage.updateData(StorageKey.of(1, 30, 30), java.util.Map.of("no", "state"));
        storage.setState(StorageKey.of(1, 40, 40).withDestiny("other"), "side");
        clock.advance(Duration.ofMinutes(30));

        assertThat(notifier().notifyActive()).isEqualTo(1);
        assertThat(chats()).containsExactly("20");
        assertThat(telegram.texts()).containsExactly(RestartNotifier.DEFAULT_TEXT);
        assertThat(storage.getState(StorageKey.of(1, 20, 20))).isEqualTo("form:name");

        clock.advance(Duration.ofMinutes(1));
        assertThat(notifier().notifyActive()).as("second restart without activity").isZero();

        storage.setState(StorageKey.of(1, 20, 20), "form:email");
        clock.advance(Duration.ofMinutes(1));
        assertThat(notifier().notifyActive()).as("active again since the last notice").isEqualTo(1);
    }

    @Test
    void aConversationWhoseIdleDeadlinePassedWhileDownGetsNoRestoredNotice() {
        long now = clock.millis();
        for (long chat : new long[]{50, 60}) {
            contexts.inTransaction(StorageKey.of(1, chat, chat), tx -> {
                FsmContext context = tx.context();
                context.setState("form:name");
                new IdleDeadline(now + (chat == 50 ? 10 : 30) * 60_000L, chat, 15 * 60_000L, false, null, null)
                        .write(context);
                return null;
            });
        }
        clock.advance(Duration.ofMinutes(20));

        assertThat(notifier().notifyActive()).isEqualTo(1);
        assertThat(chats()).as("only the conversation still within its idle timeout").containsExactly("60");
    }

    @Test
    void instancesStartingTogetherSendEachNoticeOnce() {
        for (int chat = 1; chat <= 50; chat++) {
            storage.setState(StorageKey.of(1, chat, chat), "form:name");
        }
        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> notifier().notifyActive());
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> notifier().notifyActive());

        assertThat(a.join() + b.join()).isEqualTo(50);
        assertThat(chats()).hasSize(50).doesNotHaveDuplicates();
        assertThat(telegram.calls()).allMatch(BotCall.class::isInstance);
    }

    @Test
    void aNoticeWhoseCommitMeetsAWriteWithoutTheLockIsSentNotSkipped() {
        StorageKey key = StorageKey.of(1, 70, 70);
        storage.setState(key, "form:name");
        // an outbox acknowledgement's version-checked write without the lock lands between the load and
        // the commit of the notice: the commit conflicts, though the user did nothing
        RestartNotifier racing = notifierOn(interfering(key, meta -> meta.put("probe", 1)));

        assertThat(racing.notifyActive()).isEqualTo(1);
        assertThat(chats()).containsExactly("70");
        assertThat(storage.load(key).meta()).containsKey("probe").containsKey(RestartNotifier.META);
    }

    @Test
    void aUserWhoMovedOnWhileTheNoticeWasPreparedGetsNone() {
        StorageKey key = StorageKey.of(1, 80, 80);
        storage.setState(key, "form:name");
        // the user's update commits between the load and the commit of the notice
        RestartNotifier racing = notifierOn(interfering(key, meta -> meta.merge(SessionMetadata.META_MESSAGES, 1,
                (old, one) -> ((Number) old).intValue() + 1)));

        assertThat(racing.notifyActive()).isZero();
        assertThat(chats()).isEmpty();
        assertThat(storage.load(key).meta()).doesNotContainKey(RestartNotifier.META);
    }

    /** The storage, with a write of the key's metadata made once just before the first save through it. */
    private FsmStorage interfering(StorageKey key, Consumer<Map<String, Object>> change) {
        AtomicBoolean done = new AtomicBoolean();
        return new ForwardingFsmStorage(storage) {
            @Override
            public void save(WriteBatch batch) {
                if (done.compareAndSet(false, true)) {
                    storage.change(key, r -> {
                        Map<String, Object> meta = new HashMap<>(r.meta());
                        change.accept(meta);
                        return r.withMeta(meta);
                    }, null);
                }
                super.save(batch);
            }
        };
    }

    private RestartNotifier notifierOn(FsmStorage on) {
        FsmContexts racingContexts = FsmTransactions.contexts(on, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null, OutboxRelay.sendingThrough(telegram.client(), clock));
        return new RestartNotifier(racingContexts, clock, Duration.ofHours(1), RestartNotifier.DEFAULT_TEXT);
    }
}
