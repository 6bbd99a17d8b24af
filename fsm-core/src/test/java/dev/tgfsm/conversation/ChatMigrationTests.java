package dev.tgfsm.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;

/**
 * What a {@link ChatMigration} costs in storage calls, and how it treats pending outbox calls with a
 * fallback. Its behaviour on every backend is in the storage contract ({@code ChatMigrationContract}).
 */
class ChatMigrationTests {

    private static final long BOT = 3;

    private final MutableClock clock = MutableClock.now();

    private final CountingFsmStorage storage = new CountingFsmStorage(
            new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock)));

    @Test
    void aMoveCostsOneListingAndFourCallsPerConversation() {
        for (long user = 1; user <= 3; user++) {
            storage.setState(StorageKey.of(BOT, -5, user), "s");
        }
        storage.setState(StorageKey.of(BOT, -5, 1).withDestiny("scenes_history"), "h");
        storage.reset();

        assertThat(new ChatMigration(storage).migrate(BOT, -5, -1005)).isEqualTo(4);

        assertThat(storage.count("listKeys")).isEqualTo(1);
        assertThat(storage.count("lockAndLoad")).as("both chats' locks, per conversation").isEqualTo(6);
        assertThat(storage.count("save")).as("write the new, delete the old, per conversation").isEqualTo(6);
        assertThat(storage.count("cancelDeadline") + storage.count("scheduleDeadline")).as("no deadlines").isZero();
        assertThat(storage.total() - storage.count("defaultTtl")).as("round trips").isEqualTo(13);

        storage.reset();
        assertThat(new ChatMigration(storage).migrate(BOT, -5, -1005)).isZero();
        assertThat(storage.total()).as("a repeated message costs one listing").isEqualTo(1);
    }

    @Test
    void aPendingCallToTheOldChatIsReaddressedWithItsFallbackAndOneNamingAMessageIsDropped() {
        Map<String, Object> send = Map.of("type", "SendMessage", "body", Map.of("chat_id", -5, "text", "hi"),
                "orElse", Map.of("type", "SendMessage", "body", Map.of("chat_id", -5, "text", "plain")));
        Map<String, Object> delete = Map.of("type", "DeleteMessage", "body", Map.of("chat_id", -5, "message_id", 9));
        Map<String, Object> elsewhere = Map.of("type", "SendMessage", "body", Map.of("chat_id", 42, "text", "dm"));
        Map<String, Object> meta = Map.of("outbox", List.of(
                Map.of("id", "a", "run", "r", "at", 1, "calls", List.of(send, elsewhere)),
                Map.of("id", "b", "run", "r", "at", 1, "calls", List.of(delete))));

        Map<String, Object> moved = MigratedMeta.adjust(meta, -5, -1005);

        List<?> entries = (List<?>) moved.get("outbox");
        assertThat(entries).as("the entry left without calls is gone").hasSize(1);
        List<?> calls = (List<?>) ((Map<?, ?>) entries.get(0)).get("calls");
        Map<?, ?> first = (Map<?, ?>) calls.get(0);
        assertThat(((Map<?, ?>) first.get("body")).get("chat_id")).isEqualTo(-1005L);
        assertThat(((Map<?, ?>) ((Map<?, ?>) first.get("orElse")).get("body")).get("chat_id")).isEqualTo(-1005L);
        assertThat(calls.get(1)).isEqualTo(elsewhere);
        assertThat(MigratedMeta.deadlineIndexTime(moved)).isNull();
        assertThat(MigratedMeta.deadlineIndexTime(Map.of("timeout", Map.of("at", 5L, "chat", -5))))
                .isEqualTo(Instant.ofEpochMilli(5));
    }

    @Test
    void aMoveThatStoppedHalfWayFinishesWithTheDeadlineIndexedForTheNewChat() {
        Instant due = clock.instant().plusSeconds(60);
        Map<String, Object> meta = Map.of("timeout", Map.of("at", due.toEpochMilli(), "chat", -5, "idle", 60_000,
                "warned", false, "indexed", due.toEpochMilli()));
        StorageKey old = StorageKey.of(BOT, -5, 1);
        StorageKey moved = StorageKey.of(BOT, -1005, 1);
        storage.change(old, r -> r.withState("s").withMeta(meta), null);
        storage.scheduleDeadline(old, due);
        // the first write of an earlier move landed, then its process died before deleting the old slot
        storage.change(moved, r -> r.withState("s").withMeta(MigratedMeta.adjust(meta, -5, -1005)), null);

        assertThat(new ChatMigration(storage).migrate(BOT, -5, -1005)).isZero();

        assertThat(storage.load(old).exists()).isFalse();
        assertThat(storage.claimDue(due.plusSeconds(1), 10, java.time.Duration.ofSeconds(30)))
                .extracting(dev.tgfsm.storage.DueDeadline::key).containsExactly(moved);
    }

    @Test
    void aMoveWhoseProcessDiedRightAfterDeletingTheOldSlotsLeavesTheDeadlineIndexedForTheNewChat() {
        Instant due = clock.instant().plusSeconds(60);
        Map<String, Object> meta = Map.of("timeout", Map.of("at", due.toEpochMilli(), "chat", -5, "idle", 60_000,
                "warned", false, "indexed", due.toEpochMilli()));
        StorageKey old = StorageKey.of(BOT, -5, 1);
        StorageKey moved = StorageKey.of(BOT, -1005, 1);
        storage.change(old, r -> r.withState("s").withMeta(meta), null);
        storage.scheduleDeadline(old, due);

        assertThatThrownBy(() -> new ChatMigration(dyingAfterSaves(storage, 2)).migrate(BOT, -5, -1005))
                .isInstanceOf(ProcessDied.class);
        new ChatMigration(storage).migrate(BOT, -5, -1005);

        assertThat(storage.load(old).exists()).isFalse();
        assertThat(storage.load(moved).state()).isEqualTo("s");
        assertThat(storage.claimDue(due.plusSeconds(1), 10, java.time.Duration.ofSeconds(30)))
                .extracting(dev.tgfsm.storage.DueDeadline::key).contains(moved);
    }

    /** What a storage whose process died throws from then on. */
    private static final class ProcessDied extends Error {

        private static final long serialVersionUID = 1L;
    }

    /** The storage as a process sees it that dies right after its {@code saves}-th save went through. */
    private static FsmStorage dyingAfterSaves(FsmStorage storage, int saves) {
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean dead = new java.util.concurrent.atomic.AtomicBoolean();
        return (FsmStorage) java.lang.reflect.Proxy.newProxyInstance(FsmStorage.class.getClassLoader(),
                new Class<?>[]{FsmStorage.class}, (proxy, method, args) -> {
                    if (dead.get()) {
                        throw new ProcessDied();
                    }
                    Object result;
                    try {
                        result = method.invoke(storage, args);
                    }
                    catch (java.lang.reflect.InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                    if (method.getName().equals("save") && done.incrementAndGet() == saves) {
                        dead.set(true);
                        throw new ProcessDied();
                    }
                    return result;
                });
    }

    @Test
    void aChatCannotMigrateToItself() {
        assertThatThrownBy(() -> new ChatMigration(storage).migrate(BOT, -5, -5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
    }
}
