package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.conversation.ChatMigration;
import dev.tgfsm.key.StorageKey;

/**
 * Contract of {@link ChatMigration} on the backend: a group's conversations move to the
 * supergroup's chat id once, whatever runs it twice or at once, never over a conversation already
 * started there, and never losing a write made to the new chat while the move runs. The group's
 * chat scope ({@link DataScope#CHAT}) moves by the same rules.
 */
public interface ChatMigrationContract extends StorageContract {

    /** The group's chat id. */
    long GROUP = -100;

    /** The supergroup's chat id. */
    long SUPERGROUP = -1001234;

    private static StorageKey at(long chat, long user) {
        return StorageKey.of(BOT, chat, user);
    }

    private List<StorageKey> keysOf(long chat) {
        try (Stream<StorageKey> keys = storage().listKeys("{" + BOT + ":" + chat + ":*")) {
            return keys.collect(Collectors.toList());
        }
    }

    @Test
    default void migrationMovesEveryConversationOfTheChatOnce() {
        StorageKey topic = new StorageKey(BOT, GROUP, 7, 3L, null, StorageKey.DEFAULT_DESTINY);
        storage().setState(at(GROUP, 7), "order:address");
        storage().updateData(at(GROUP, 7), Map.of("item", "lamp"));
        storage().setState(at(GROUP, 7).withDestiny("scenes_history"), "order:item");
        storage().setState(at(GROUP, 8), "quiz:q1");
        storage().setState(at(GROUP, GROUP), "chat-wide");
        storage().setState(topic, "in a topic");
        storage().setState(at(-101, 7), "another chat");
        storage().setState(StorageKey.of(BOT + 1, GROUP, 7), "another bot");

        ChatMigration migration = new ChatMigration(storage());
        assertThat(migration.migrate(BOT, GROUP, SUPERGROUP)).isEqualTo(5);

        assertThat(keysOf(GROUP)).isEmpty();
        assertThat(keysOf(SUPERGROUP)).hasSize(5);
        assertThat(storage().load(at(SUPERGROUP, 7)).state()).isEqualTo("order:address");
        assertThat(storage().load(at(SUPERGROUP, 7)).data()).isEqualTo(Map.of("item", "lamp"));
        assertThat(storage().getState(at(SUPERGROUP, 7).withDestiny("scenes_history"))).isEqualTo("order:item");
        assertThat(storage().getState(at(SUPERGROUP, 8))).isEqualTo("quiz:q1");
        assertThat(storage().getState(at(SUPERGROUP, SUPERGROUP))).as("a chat-wide key's user is the chat")
                .isEqualTo("chat-wide");
        assertThat(storage().getState(new StorageKey(BOT, SUPERGROUP, 7, 3L, null, StorageKey.DEFAULT_DESTINY)))
                .isEqualTo("in a topic");
        assertThat(storage().getState(at(-101, 7))).isEqualTo("another chat");
        assertThat(storage().getState(StorageKey.of(BOT + 1, GROUP, 7))).isEqualTo("another bot");

        long version = storage().load(at(SUPERGROUP, 7)).version();
        assertThat(migration.migrate(BOT, GROUP, SUPERGROUP)).as("the second message finds nothing").isZero();
        assertThat(storage().load(at(SUPERGROUP, 7)).version()).isEqualTo(version);
    }

    @Test
    default void migrationKeepsAConversationAlreadyStartedInTheNewChat() {
        storage().setState(at(GROUP, 7), "old flow");
        storage().setState(at(GROUP, 7).withDestiny("scenes_history"), "old history");
        storage().setState(at(SUPERGROUP, 7), "new flow");

        assertThat(new ChatMigration(storage()).migrate(BOT, GROUP, SUPERGROUP)).isEqualTo(1);

        assertThat(storage().getState(at(SUPERGROUP, 7))).isEqualTo("new flow");
        assertThat(storage().getState(at(SUPERGROUP, 7).withDestiny("scenes_history"))).isEqualTo("old history");
        assertThat(keysOf(GROUP)).isEmpty();
    }

    @Test
    default void migrationMovesTheDeadlineAndAdjustsGarbageAndOutbox() {
        Instant due = clock().instant().plusSeconds(60);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("timeout", Map.of("at", due.toEpochMilli(), "chat", GROUP, "idle", 60_000, "warned", false,
                "indexed", due.toEpochMilli()));
        meta.put("garbage", List.of(Map.of("c", GROUP, "m", 5, "t", 1)));
        meta.put("outbox", List.of(Map.of("id", "e1", "run", "r", "at", 1, "calls", List.of(
                Map.of("type", "SendMessage", "body", Map.of("chat_id", Long.toString(GROUP), "text", "hi")),
                Map.of("type", "EditMessageText", "body", Map.of("chat_id", Long.toString(GROUP), "message_id", 5,
                        "text", "edited"))))));
        storage().change(at(GROUP, 7), r -> r.withState("s").withMeta(meta), null);
        deadlines().scheduleDeadline(at(GROUP, 7), due);

        new ChatMigration(storage()).migrate(BOT, GROUP, SUPERGROUP);

        Map<String, Object> moved = storage().load(at(SUPERGROUP, 7)).meta();
        assertThat(((Number) ((Map<?, ?>) moved.get("timeout")).get("chat")).longValue()).isEqualTo(SUPERGROUP);
        assertThat(moved).as("old message ids mean nothing in the supergroup").doesNotContainKey("garbage");
        List<?> calls = (List<?>) ((Map<?, ?>) ((List<?>) moved.get("outbox")).get(0)).get("calls");
        assertThat(calls).hasSize(1);
        assertThat(((Map<?, ?>) ((Map<?, ?>) calls.get(0)).get("body")).get("chat_id"))
                .isEqualTo(Long.toString(SUPERGROUP));
        List<StorageKey> claimed = deadlines().claimDue(due.plusSeconds(1), 10, Duration.ofSeconds(30)).stream()
                .map(DueDeadline::key).toList();
        assertThat(claimed).containsExactly(at(SUPERGROUP, 7));
    }

    @Test
    default void concurrentMigrationsMoveEachSlotOnceAndNoWriteToTheNewChatIsLost() throws Exception {
        int users = 6;
        for (int user = 1; user <= users; user++) {
            storage().updateData(at(GROUP, user), Map.of("count", 1000));
        }
        int writes = Math.max(5, operations() / 4);
        AtomicInteger moved = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                try {
                    if (thread < 3) {
                        moved.addAndGet(new ChatMigration(storage()).migrate(BOT, GROUP, SUPERGROUP));
                    }
                    else {
                        for (int i = 0; i < writes; i++) {
                            incrementUnderLock(at(SUPERGROUP, 1 + thread % users));
                        }
                    }
                }
                catch (Throwable ex) {
                    failures.add(ex);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
        assertThat(keysOf(GROUP)).isEmpty();
        int[] expectedWrites = new int[users + 1];
        for (int t = 3; t < THREADS; t++) {
            expectedWrites[1 + t % users] += writes;
        }
        int movedSlots = 0;
        for (int user = 1; user <= users; user++) {
            int count = ((Number) storage().load(at(SUPERGROUP, user)).data().get("count")).intValue();
            int written = expectedWrites[user];
            if (written == 0 || count == 1000 + written) {
                movedSlots++;
                assertThat(count).isEqualTo(1000 + written);
            }
            else {
                assertThat(count).as("user %d wrote to the new chat before the move: the newer conversation wins",
                        user).isEqualTo(written);
            }
        }
        assertThat(moved.get()).as("each slot moved exactly once").isEqualTo(movedSlots);
    }

    /** What an update does to a conversation: lock, load, change, commit with a version check. */
    private void incrementUnderLock(StorageKey key) throws InterruptedException {
        while (true) {
            Lease lease = Lease.random(Duration.ofSeconds(10));
            LockAttempt attempt = storage().lockAndLoad(key, lease, List.of(key));
            if (!attempt.acquired()) {
                Thread.sleep(1);
                continue;
            }
            FsmRecord current = attempt.records().get(key);
            Object count = current.data().get("count");
            int next = (count instanceof Number n ? n.intValue() : 0) + 1;
            storage().save(WriteBatch.releasing(List.of(RecordWrite.put(key, current.withData(Map.of("count", next)),
                    current.version(), null)), key, lease));
            return;
        }
    }

    @Test
    default void theGroupsChatScopeMovesToTheSupergroupOnce() {
        put(DataScope.chatKey(BOT, GROUP), record(null, Map.of("rules", "be nice")), 0);
        put(DataScope.chatKey(BOT, -101), record(null, Map.of("rules", "other chat")), 0);
        put(DataScope.userKey(BOT, 7), record(null, Map.of("lang", "de")), 0);
        ChatMigration migration = new ChatMigration(storage());

        assertThat(migration.migrate(BOT, GROUP, SUPERGROUP)).isEqualTo(1);
        assertThat(migration.migrate(BOT, GROUP, SUPERGROUP)).as("the second message finds nothing").isZero();

        assertThat(storage().load(DataScope.chatKey(BOT, GROUP)).exists()).isFalse();
        assertThat(storage().load(DataScope.chatKey(BOT, SUPERGROUP)).data()).isEqualTo(Map.of("rules", "be nice"));
        assertThat(storage().load(DataScope.chatKey(BOT, -101)).data()).containsEntry("rules", "other chat");
        assertThat(storage().load(DataScope.userKey(BOT, 7)).data()).containsEntry("lang", "de");
    }

    @Test
    default void aChatScopeAlreadyWrittenInTheSupergroupWinsOverTheGroupsOne() {
        put(DataScope.chatKey(BOT, GROUP), record(null, Map.of("rules", "old")), 0);
        put(DataScope.chatKey(BOT, SUPERGROUP), record(null, Map.of("rules", "new")), 0);

        assertThat(new ChatMigration(storage()).migrate(BOT, GROUP, SUPERGROUP)).isZero();

        assertThat(storage().load(DataScope.chatKey(BOT, GROUP)).exists()).isFalse();
        assertThat(storage().load(DataScope.chatKey(BOT, SUPERGROUP)).data()).isEqualTo(Map.of("rules", "new"));
    }

    /** A migration that counts lifetimes by the settings' clock, records living ten minutes but preferences. */
    private ChatMigration migrationKeepingLifetimes() {
        return new ChatMigration(storage(), ChatMigration.DEFAULT_LEASE, ChatMigration.DEFAULT_LOCK_WAIT,
                destiny -> ContextConfig.PREFERENCES_DESTINY.equals(destiny) ? null : Duration.ofMinutes(10), clock());
    }

    @Test
    default void theChatScopeAndPreferencesStayWithoutTtlAfterTheMove() {
        StorageKey prefs = at(GROUP, 7).withDestiny(ContextConfig.PREFERENCES_DESTINY);
        put(DataScope.chatKey(BOT, GROUP), record(null, Map.of("rules", "be nice")), 0);
        put(prefs, record(null, Map.of("lang", "de")), 0);
        storage().save(WriteBatch.of(RecordWrite.put(at(GROUP, 7), record("s", Map.of()), 0, Duration.ofMinutes(10))));

        assertThat(migrationKeepingLifetimes().migrate(BOT, GROUP, SUPERGROUP)).isEqualTo(3);
        clock().advance(Duration.ofDays(400));

        assertThat(storage().load(DataScope.chatKey(BOT, SUPERGROUP)).data()).isEqualTo(Map.of("rules", "be nice"));
        assertThat(storage().load(at(SUPERGROUP, 7).withDestiny(ContextConfig.PREFERENCES_DESTINY)).data())
                .isEqualTo(Map.of("lang", "de"));
        assertThat(storage().load(at(SUPERGROUP, 7)).exists()).as("the conversation slot still expires").isFalse();
    }

    @Test
    default void aMovedConversationKeepsWhatIsLeftOfItsLifetime() {
        storage().save(WriteBatch.of(RecordWrite.put(at(GROUP, 7), record("s", Map.of()), 0, Duration.ofMinutes(10)),
                RecordWrite.put(at(GROUP, 7).withDestiny("scenes_history"), record("h", Map.of()), 0,
                        Duration.ofMinutes(10))));
        clock().advance(Duration.ofMinutes(4));

        assertThat(migrationKeepingLifetimes().migrate(BOT, GROUP, SUPERGROUP)).isEqualTo(2);

        clock().advance(Duration.ofMinutes(6).minusSeconds(1));
        assertThat(storage().load(at(SUPERGROUP, 7)).state()).isEqualTo("s");
        assertThat(storage().load(at(SUPERGROUP, 7).withDestiny("scenes_history")).state()).isEqualTo("h");
        clock().advance(Duration.ofSeconds(2));
        assertThat(storage().load(at(SUPERGROUP, 7)).exists()).as("not given a fresh ten minutes").isFalse();
        assertThat(storage().load(at(SUPERGROUP, 7).withDestiny("scenes_history")).exists()).isFalse();
    }
}
