package dev.tgfsm.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.WriteBatch;

/**
 * Versioned data beyond feature namespaces on a real backend: a conversation's top-level data and a
 * user scope's data, upgraded on read, stored in the new form by the next write, never overwritten
 * when newer than the code, and upgraded offline by the job. A backend's test extends this with its
 * storage.
 */
public abstract class VersionedDataScenarios {

    private final long bot = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);

    private final long firstUser = ThreadLocalRandom.current().nextLong(1_000, 1_000_000) * 1000;

    /** What the conversation step was handed, to prove it never sees feature namespaces. */
    private final Set<String> seenByStep = new LinkedHashSet<>();

    private final DataMigrations migrations = DataMigrations.of(List.of(
            DataMigration.ofConversation(1, data -> {
                seenByStep.addAll(data.keySet());
                data.put("fullName", data.remove("name"));
                return data;
            }),
            DataMigration.ofScope(DataScope.USER, 1, data -> {
                data.put("timezone", data.remove("tz"));
                return data;
            })));

    private FsmContexts contexts;

    /**
     * Returns the storage on the shared server.
     *
     * @return the storage
     */
    protected abstract FsmStorage storage();

    private FsmContexts contexts() {
        if (contexts == null) {
            contexts = FsmTransactions.contexts(storage(), new JacksonFsmCodec(), ContextConfig.ofDefaults()
                    .withPreload(List.of(DataScope.USER.destiny())).withDataVersions(migrations), new LeaseKeeper());
        }
        return contexts;
    }

    private StorageKey key(int i) {
        return StorageKey.of(bot, firstUser + i, firstUser + i);
    }

    private StorageKey userScope(int i) {
        return DataScope.USER.keyOf(key(i));
    }

    private void stored(StorageKey key, String state, Map<String, Object> data) {
        storage().save(WriteBatch.of(RecordWrite.put(key, FsmRecord.of(state, data), 0, null)));
    }

    @Test
    void conversationDataIsUpgradedOnReadAndStoredByTheNextWrite() {
        stored(key(0), "Form:ASKED", Map.of("name", "Ann", "draft:profile", Map.of("visits", 1)));
        FsmRecord before = storage().load(key(0));

        Map<String, Object> read = contexts().inTransaction(key(0), tx -> tx.context().getData());

        assertThat(read).isEqualTo(Map.of("fullName", "Ann", "draft:profile", Map.of("visits", 1)));
        assertThat(seenByStep).as("feature namespaces keep their own versions").containsExactly("name");
        assertThat(storage().load(key(0))).as("reading alone writes nothing").isEqualTo(before);

        contexts().inTransaction(key(0), tx -> {
            tx.context().setState("Form:DONE");
            return null;
        });

        FsmRecord after = storage().load(key(0));
        assertThat(after.version()).isEqualTo(before.version() + 1);
        assertThat(after.data()).isEqualTo(Map.of("fullName", "Ann", "draft:profile", Map.of("visits", 1),
                DataMigrations.VERSION_ENTRY, 2));
        Map<String, Object> again = contexts().inTransaction(key(0), tx -> tx.context().getData());
        assertThat(again).as("the version entry is the store's, not the handler's")
                .isEqualTo(Map.of("fullName", "Ann", "draft:profile", Map.of("visits", 1)));
    }

    @Test
    void conversationDataNewerThanTheCodeFailsClearlyAndIsKept() {
        stored(key(0), "Form:ASKED", Map.of("fullName", "Ann", "age", "x", DataMigrations.VERSION_ENTRY, 3));
        FsmRecord before = storage().load(key(0));

        assertThatThrownBy(() -> contexts().inTransaction(key(0), tx -> {
            tx.context().setState("Form:DONE");
            return null;
        })).isInstanceOf(DataMigrationException.class).hasMessageContaining("version 3")
                .hasMessageContaining("conversation's data");

        assertThat(storage().load(key(0))).isEqualTo(before);
    }

    @Test
    void scopeDataIsUpgradedOnReadAndStoredWithTheNextWrite() {
        stored(userScope(0), null, Map.of("tz", "CET"));
        FsmRecord before = storage().load(userScope(0));

        String zone = contexts().inTransaction(key(0),
                tx -> tx.context().scope(DataScope.USER).get("timezone", String.class));

        assertThat(zone).isEqualTo("CET");
        assertThat(storage().load(userScope(0))).as("reading alone writes nothing").isEqualTo(before);

        contexts().inTransaction(key(0), tx -> tx.context().scope(DataScope.USER).increment("visits", 1));

        assertThat(storage().load(userScope(0)).data())
                .isEqualTo(Map.of("timezone", "CET", "visits", 1, DataMigrations.VERSION_ENTRY, 2));
        Map<String, Object> shown = contexts().inTransaction(key(0), tx -> tx.context().scope(DataScope.USER).all());
        assertThat(shown).isEqualTo(Map.of("timezone", "CET", "visits", 1));
    }

    @Test
    void aScopeChangeMeetingAnotherUpdatesUpgradeIsAppliedToTheUpgradedForm() {
        stored(userScope(0), null, Map.of("tz", "CET"));
        StorageKey group = StorageKey.of(bot, -firstUser, firstUser);

        contexts().inTransaction(key(0), tx -> {
            tx.context().scope(DataScope.USER).all();
            // the same user in a group commits first: the scope is stored in version 2
            contexts().inTransaction(group, other -> other.context().scope(DataScope.USER).increment("visits", 1));
            tx.context().scope(DataScope.USER).increment("visits", 1);
            tx.context().scope(DataScope.USER).set("language", "de");
            return null;
        });

        assertThat(storage().load(userScope(0)).data()).isEqualTo(
                Map.of("timezone", "CET", "visits", 2, "language", "de", DataMigrations.VERSION_ENTRY, 2));
    }

    @Test
    void scopeDataNewerThanTheCodeFailsClearlyAndIsKept() {
        stored(userScope(0), null, Map.of("timezone", "CET", DataMigrations.VERSION_ENTRY, 7));
        FsmRecord before = storage().load(userScope(0));

        assertThatThrownBy(() -> contexts().inTransaction(key(0),
                tx -> tx.context().scope(DataScope.USER).increment("visits", 1)))
                .isInstanceOf(DataMigrationException.class).hasMessageContaining("version 7")
                .hasMessageContaining("user scope's data");

        assertThat(storage().load(userScope(0))).isEqualTo(before);
    }

    @Test
    void theJobUpgradesTheConversationsAndTheScopesOfEveryUser() {
        int count = 23;
        for (int i = 0; i < count; i++) {
            stored(key(i), "Form:ASKED", Map.of("name", "User " + i));
            stored(userScope(i), null, Map.of("tz", "UTC+" + i));
        }
        stored(key(count), "Form:ASKED", Map.of("fullName", "Already", DataMigrations.VERSION_ENTRY, 2));
        FeatureMigrationJob job = new FeatureMigrationJob(contexts(), migrations, 10, bot);
        List<MigrationReport> progress = new ArrayList<>();
        job.setProgressListener(progress::add);

        MigrationReport report = job.run();

        assertThat(job.hasWork()).isTrue();
        assertThat(report).isEqualTo(new MigrationReport(2L * count + 1, 2L * count, 1, 0, true));
        assertThat(progress).last().isEqualTo(report);
        assertThat(progress).as("after every batch of 10 (3 of conversations, 3 of scopes), and at the end")
                .hasSize(7);
        for (int i = 0; i < count; i++) {
            assertThat(storage().load(key(i)).data()).as("user %d", i)
                    .isEqualTo(Map.of("fullName", "User " + i, DataMigrations.VERSION_ENTRY, 2));
            assertThat(storage().load(userScope(i)).data()).as("user %d", i)
                    .isEqualTo(Map.of("timezone", "UTC+" + i, DataMigrations.VERSION_ENTRY, 2));
        }
        assertThat(new FeatureMigrationJob(contexts(), migrations, 10, bot).run())
                .isEqualTo(new MigrationReport(2L * count + 1, 0, 2L * count + 1, 0, true));
    }
}
