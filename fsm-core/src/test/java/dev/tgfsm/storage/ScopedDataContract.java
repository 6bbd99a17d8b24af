package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.context.ScopedData;
import dev.tgfsm.feature.MigrationReport;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.preferences.Preferences;
import dev.tgfsm.preferences.PreferencesMove;

/**
 * Contract of data scoped to a user, a chat and the bot (see {@link ScopedData})
 * on a real backend: shared across conversations, loaded with the conversation when declared,
 * written after the conversation's commit, and never losing a concurrent write.
 */
public interface ScopedDataContract extends ConcurrencyContract {

    /** The user of the scope tests. */
    long USER = 77;

    /** A group chat. */
    long GROUP = -100500;

    /**
     * Units of work over conversations of this storage that lock and declare every scope.
     *
     * @param storage the storage
     * @param leases the lease keeper
     * @return the factory
     */
    private static FsmContexts scopedContexts(FsmStorage storage, LeaseKeeper leases) {
        ContextConfig options = ContextConfig.ofDefaults().withLock(Duration.ofSeconds(30), Duration.ofMinutes(2))
                .withPreload(List.of(DataScope.USER.destiny(), DataScope.CHAT.destiny(), DataScope.BOT.destiny()));
        return FsmTransactions.contexts(storage, new JacksonFsmCodec(), options, leases);
    }

    @Test
    default void scopedDataIsSharedByUserAcrossChatsByChatAcrossUsersAndByBotAcrossAll() {
        LeaseKeeper leases = new LeaseKeeper();
        FsmContexts contexts = scopedContexts(storage(), leases);
        try (FsmTransaction tx = FsmTransactions.begin(contexts, StorageKey.of(BOT, USER, USER))) {
            tx.scope(DataScope.USER).set("language", "de");
            tx.scope(DataScope.BOT).set("motd", "hello");
            tx.commit();
        }
        try (FsmTransaction tx = FsmTransactions.begin(contexts, StorageKey.of(BOT, GROUP, USER))) {
            assertThat(tx.scope(DataScope.USER).get("language")).isEqualTo("de");
            tx.scope(DataScope.CHAT).set("rules", "be nice");
            tx.commit();
        }
        try (FsmTransaction tx = FsmTransactions.begin(contexts, StorageKey.of(BOT, GROUP, USER + 1))) {
            assertThat(tx.scope(DataScope.USER).all()).isEmpty();
            assertThat(tx.scope(DataScope.CHAT).get("rules")).isEqualTo("be nice");
            assertThat(tx.scope(DataScope.BOT).get("motd")).isEqualTo("hello");
        }
        leases.close();
    }

    @Test
    default void declaredScopesAreReadWithTheConversationWhereTheStorageCan() {
        CountingFsmStorage counting = new CountingFsmStorage(storage());
        LeaseKeeper leases = new LeaseKeeper();
        FsmContexts contexts = scopedContexts(counting, leases);
        StorageKey group = StorageKey.of(BOT, GROUP, USER);
        boolean together = Arrays.stream(DataScope.values())
                .allMatch(scope -> storage().loadsTogether(group, scope.keyOf(group)));
        try (FsmTransaction tx = FsmTransactions.begin(contexts, group)) {
            tx.context().getState();
            tx.scope(DataScope.USER).all();
            tx.scope(DataScope.CHAT).all();
            tx.scope(DataScope.BOT).all();
        }
        assertThat(counting.count("lockAndLoad")).isEqualTo(1);
        assertThat(counting.count("loadAll")).isEqualTo(together ? 0 : 1);
        StorageKey privateChat = StorageKey.of(BOT, USER, USER);
        assertThat(storage().loadsTogether(privateChat, DataScope.USER.keyOf(privateChat))).isTrue();
        leases.close();
    }

    @Test
    default void aConversationCommitThatFailsWritesNoScopeChange() {
        FsmContexts contexts = FsmTransactions.contexts(storage(), new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withPreload(List.of(DataScope.USER.destiny())), null);
        StorageKey group = StorageKey.of(BOT, GROUP, USER);
        try (FsmTransaction first = FsmTransactions.begin(contexts, group);
                FsmTransaction second = FsmTransactions.begin(contexts, group)) {
            first.context().getState();
            second.context().getState();
            first.context().setState("a");
            first.commit();
            second.context().setState("b");
            second.scope(DataScope.USER).increment("points", 5);
            assertThatThrownBy(second::commit).isInstanceOf(FsmConflictException.class);
        }
        assertThat(storage().load(DataScope.USER.keyOf(group)).exists()).isFalse();
        assertThat(storage().load(group).state()).isEqualTo("a");
    }

    @Test
    default void concurrentUpdatesOfOneUserInSeveralChatsLoseNoScopeWrite() throws Exception {
        LeaseKeeper leases = new LeaseKeeper();
        FsmContexts contexts = scopedContexts(storage(), leases);
        long[] chats = {USER, GROUP, GROUP - 1, GROUP - 2};
        int units = Math.min(operations(), 60);
        runConcurrently(t -> {
            long chat = chats[t % chats.length];
            for (int i = 0; i < units; i++) {
                try (FsmTransaction tx = FsmTransactions.begin(contexts, StorageKey.of(BOT, chat, USER))) {
                    tx.context().updateData("n", tx.context().getValue("n", Long.class, 0L) + 1);
                    tx.scope(DataScope.USER).increment("updates", 1);
                    tx.scope(DataScope.USER).set("last:" + chat, i);
                    tx.scope(DataScope.CHAT).increment("updates", 1);
                    tx.scope(DataScope.BOT).increment("updates", 1);
                    tx.commit();
                }
            }
        });
        leases.close();

        long total = (long) THREADS * units;
        long perChat = total / chats.length;
        Map<String, Object> user = storage().load(DataScope.USER.keyOf(StorageKey.of(BOT, GROUP, USER))).data();
        assertThat(((Number) user.get("updates")).longValue()).isEqualTo(total);
        for (long chat : chats) {
            StorageKey key = StorageKey.of(BOT, chat, USER);
            assertThat(((Number) storage().load(key).data().get("n")).longValue()).isEqualTo(perChat);
            assertThat(((Number) storage().load(DataScope.CHAT.keyOf(key)).data().get("updates")).longValue())
                    .isEqualTo(perChat);
            assertThat(((Number) user.get("last:" + chat)).intValue()).isEqualTo(units - 1);
        }
        assertThat(((Number) storage().load(DataScope.BOT.keyOf(StorageKey.of(BOT, 1, 1))).data().get("updates"))
                .longValue()).isEqualTo(total);
    }

    @Test
    default void preferencesOfEarlierVersionsMoveIntoTheUserScopeOnceAndAreNotReadAgain() {
        FsmStorage storage = storage();
        storage.purge(List.of(PreferencesMove.markerKey()));
        StorageKey group = StorageKey.of(BOT, GROUP, USER);
        StorageKey other = StorageKey.of(BOT, USER + 2, USER + 2);
        storage.setData(group.withDestiny(Preferences.DESTINY), Map.of("language", "fr", "notifications", false));
        storage.setData(other.withDestiny(Preferences.DESTINY), Map.of("language", "es"));
        storage.setData(DataScope.USER.keyOf(group), Map.of("language", "de"));
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withPreload(List.of(DataScope.USER.destiny())), null);
        try (FsmTransaction tx = FsmTransactions.begin(contexts, other)) {
            assertThat(new Preferences(tx.context()).get(Preferences.LANGUAGE)).as("read where it was").isEqualTo("es");
        }

        MigrationReport report = new PreferencesMove(contexts, 1).run();

        assertThat(report.complete()).isTrue();
        assertThat(report.failed()).isZero();
        assertThat(contexts.arePreferencesMoved()).isTrue();
        assertThat(storage.load(DataScope.USER.keyOf(group)).data()).as("the user scope's own entry is newer")
                .isEqualTo(Map.of("language", "de", "notifications", false));
        assertThat(storage.load(DataScope.USER.keyOf(other)).data()).isEqualTo(Map.of("language", "es"));
        assertThat(
                storage.loadAll(List.of(group.withDestiny(Preferences.DESTINY), other.withDestiny(Preferences.DESTINY)))
                        .values())
                .allSatisfy(r -> assertThat(r.exists()).isFalse());

        CountingFsmStorage counting = new CountingFsmStorage(storage);
        FsmContexts later = FsmTransactions.contexts(counting, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withPreload(List.of(DataScope.USER.destiny())), null);
        assertThat(new PreferencesMove(later, 1).run().scanned()).as("the marker ends a later run at once").isZero();
        counting.reset();
        StorageKey newcomer = StorageKey.of(BOT, GROUP, USER + 3);
        try (FsmTransaction tx = FsmTransactions.begin(later, newcomer)) {
            tx.context().getState();
            assertThat(new Preferences(tx.context()).get(Preferences.LANGUAGE)).isNull();
        }
        assertThat(counting.snapshot()).as("the conversation with the user scope, and no read of prefs")
                .isEqualTo(Map.of("loadAll", 1L));
        try (FsmTransaction tx = FsmTransactions.begin(later, group)) {
            assertThat(new Preferences(tx.context()).get("notifications")).isEqualTo(false);
        }
    }

    @Test
    default void twoInstancesMovingPreferencesTogetherLoseNone() throws Exception {
        FsmStorage storage = storage();
        storage.purge(List.of(PreferencesMove.markerKey()));
        int users = 40;
        for (int u = 0; u < users; u++) {
            StorageKey key = StorageKey.of(BOT, GROUP - 10, 5000 + u);
            storage.setData(key.withDestiny(Preferences.DESTINY), Map.of("language", "fr", "n", u));
            if (u % 2 == 0) {
                storage.setData(DataScope.USER.keyOf(key), Map.of("language", "de"));
            }
        }
        runConcurrently(t -> {
            if (t < 2) {
                FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                        ContextConfig.ofDefaults(),
                        null);
                MigrationReport report = new PreferencesMove(contexts, 3).run();
                assertThat(report.failed()).isZero();
            }
        });
        for (int u = 0; u < users; u++) {
            StorageKey key = StorageKey.of(BOT, GROUP - 10, 5000 + u);
            assertThat(storage.load(DataScope.USER.keyOf(key)).data())
                    .isEqualTo(Map.of("language", u % 2 == 0 ? "de" : "fr", "n", u));
            assertThat(storage.load(key.withDestiny(Preferences.DESTINY)).exists()).isFalse();
        }
    }

    @Test
    default void recordsOfSeveralConversationsWrittenTogetherAreWrittenAllOrNothingAndAConflictKeepsTheLock() {
        // a private chat and its user's data: written together on every backend, a Redis Cluster too (one slot)
        StorageKey chat = StorageKey.of(BOT, 4141, 4141);
        StorageKey user = DataScope.USER.keyOf(chat);
        assertThat(storage().writesTogether(chat, user)).isTrue();
        storage().save(WriteBatch.of(RecordWrite.put(user, FsmRecord.EMPTY.withData(Map.of("n", 1)), 0, null)));
        Lease lease = Lease.random(Duration.ofSeconds(30));
        assertThat(storage().lockAndLoad(chat, lease, List.of(chat)).acquired()).isTrue();

        // the user's record is at version 1: a write expecting 0 conflicts, nothing is written, the lock stays
        List<WriteBatch> stale = List.of(
                WriteBatch.releasing(List.of(RecordWrite.put(chat, FsmRecord.EMPTY.withState("s"), 0, null)), chat,
                        lease),
                WriteBatch.of(RecordWrite.put(user, FsmRecord.EMPTY.withData(Map.of("n", 2)), 0, null)));
        assertThatThrownBy(() -> storage().saveTogether(stale)).isInstanceOfSatisfying(FsmConflictException.class,
                ex -> assertThat(ex.key()).isEqualTo(user));
        assertThat(storage().load(chat).exists()).isFalse();
        assertThat(storage().load(user).data()).containsEntry("n", 1);
        assertThat(storage().lockAndLoad(chat, Lease.random(Duration.ofSeconds(30)), List.of(chat)).acquired())
                .as("the lock is still held").isFalse();

        storage().saveTogether(List.of(
                WriteBatch.releasing(List.of(RecordWrite.put(chat, FsmRecord.EMPTY.withState("s"), 0, null)), chat,
                        lease),
                WriteBatch.of(RecordWrite.put(user, FsmRecord.EMPTY.withData(Map.of("n", 2)), 1, null))));
        assertThat(storage().load(chat).state()).isEqualTo("s");
        assertThat(storage().load(user).data()).containsEntry("n", 2);
        Lease next = Lease.random(Duration.ofSeconds(30));
        assertThat(storage().lockAndLoad(chat, next, List.of(chat)).acquired()).as("released with the write").isTrue();
        storage().unlock(chat, next);
    }

    @Test
    default void anOperationAppliedButNotClearedIsNotAppliedAgainAfterManyMoreOperationsChangedItsScope() {
        long userId = 4242;
        StorageKey group = StorageKey.of(BOT, GROUP, userId);
        StorageKey userKey = DataScope.USER.keyOf(group);
        LeaseKeeper leases = new LeaseKeeper();
        boolean[] failScopeWrite = {true};
        // the first write of the user's data after the conversation's commit is lost (together or apart)
        FsmStorage losing = new ForwardingFsmStorage(storage()) {
            @Override
            public void save(WriteBatch batch) {
                if (batch.writes().stream().anyMatch(w -> w.key().equals(userKey)) && failScopeWrite[0]) {
                    failScopeWrite[0] = false;
                    throw new StorageUnavailableException("lost", null);
                }
                super.save(batch);
            }

            @Override
            public void saveTogether(List<WriteBatch> batches) {
                if (failScopeWrite[0]) {
                    failScopeWrite[0] = false;
                    throw new StorageUnavailableException("lost", null);
                }
                super.saveTogether(batches);
            }
        };
        FsmContexts contexts = FsmTransactions.contexts(losing, new JacksonFsmCodec(), ContextConfig.ofDefaults()
                .withLock(Duration.ofSeconds(30), Duration.ofMinutes(2)).withPreload(List.of(DataScope.USER.destiny())),
                leases);
        try (FsmTransaction tx = FsmTransactions.begin(contexts, group)) {
            tx.context().setState("one");
            tx.scope(DataScope.USER).increment("n", 1);
            tx.commit();
        }
        assertThat(storage().load(userKey).data()).as("recorded, not applied").doesNotContainKey("n");
        // the next unit of work applies it before it reads the scope, and ends without a commit: not cleared
        try (FsmTransaction tx = FsmTransactions.begin(contexts, group)) {
            assertThat(((Number) tx.scope(DataScope.USER).get("n")).longValue()).isEqualTo(1);
        }
        assertThat(storage().load(group).meta()).as("applied, not cleared").containsKey("tgfsm.scopeOps");

        // 200 operations of the same user in other chats change its data (the 128 ids it once remembered)
        int others = 200;
        for (int i = 0; i < others; i++) {
            try (FsmTransaction tx = FsmTransactions.begin(contexts, StorageKey.of(BOT, GROUP - 10 - i, userId))) {
                tx.scope(DataScope.USER).increment("n", 1);
                tx.commit();
            }
        }
        try (FsmTransaction tx = FsmTransactions.begin(contexts, group)) {
            tx.context().setState("two");
            tx.scope(DataScope.USER).increment("n", 1);
            tx.commit();
        }
        leases.close();

        assertThat(((Number) storage().load(userKey).data().get("n")).longValue()).as("the operation applied once")
                .isEqualTo(1 + others + 1);
        assertThat(storage().load(group).meta()).doesNotContainKey("tgfsm.scopeOps");
        assertThat(((List<?>) storage().load(userKey).meta().get("tgfsm.applied")).size())
                .as("ids forgotten once their conversations no longer hold them").isLessThanOrEqualTo(64);
    }
}
