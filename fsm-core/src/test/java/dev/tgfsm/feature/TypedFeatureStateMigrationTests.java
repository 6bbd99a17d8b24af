package dev.tgfsm.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * A renamed record component on the in-memory store: old records read through the migrations and
 * are stored in the new form by the next write of the unit of work.
 */
class TypedFeatureStateMigrationTests {

    /** Version 1 of the profile, as older code wrote it. */
    record ProfileV1(String name) {
    }

    /** Version 2: {@code name} is now {@code fullName}, and the age is new. */
    record Profile(String fullName, Integer age) {
    }

    static final class ProfileState extends TypedFeatureState<Profile> {
        ProfileState(FsmContext context, DataMigrations migrations) {
            super(context, "profile", Profile.class, migrations);
        }
    }

    private static final StorageKey KEY = StorageKey.of(1, 2, 3);

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults());

    private final FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
            ContextConfig.ofDefaults(),
            null);

    private final DataMigrations migrations = DataMigrations.of(
            List.of(DataMigration.renaming("profile", 1, "name", "fullName")));

    /** Writes the record as the code before the rename did: mid-flow, asked for the age. */
    private void storedByOldCode() {
        try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
            tx.context().setState("Profile:AGE");
            new TypedFeatureState<>(tx.context(), "profile", ProfileV1.class).put(new ProfileV1("Ann Lee"));
            tx.commit();
        }
    }

    @Test
    void aUserMidFlowContinuesAfterTheRenameAndTheNextCommitStoresTheNewForm() {
        storedByOldCode();
        assertThat(storage.getData(KEY)).containsEntry("draft:profile", Map.of("name", "Ann Lee"));
        long before = storage.load(KEY).version();

        try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
            ProfileState profile = new ProfileState(tx.context(), migrations);
            assertThat(tx.context().getState()).isEqualTo("Profile:AGE");
            assertThat(profile.get()).isEqualTo(new Profile("Ann Lee", null));
            profile.modify(p -> new Profile(p.fullName(), 41));
            tx.context().setState("Profile:DONE");
            tx.commit();
        }

        FsmRecord after = storage.load(KEY);
        assertThat(after.version()).as("one commit, no extra write").isEqualTo(before + 1);
        assertThat(after.state()).isEqualTo("Profile:DONE");
        assertThat(after.data()).containsOnly(Map.entry("draft:profile",
                Map.of("fullName", "Ann Lee", "age", 41, DataMigrations.VERSION_ENTRY, 2)));
        assertThat(new ProfileState(contexts.writeThrough(KEY), migrations).get())
                .isEqualTo(new Profile("Ann Lee", 41));
    }

    @Test
    void withoutTheMigrationTheRenamedComponentWouldBeLost() {
        storedByOldCode();
        assertThat(new TypedFeatureState<>(contexts.writeThrough(KEY), "profile", Profile.class).get())
                .as("what happened before migrations").isEqualTo(new Profile(null, null));
    }

    @Test
    void aRecordReadButNotWrittenStaysOldAndUpgradesAgainNextTime() {
        storedByOldCode();
        FsmRecord before = storage.load(KEY);

        for (int i = 0; i < 2; i++) {
            try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
                assertThat(new ProfileState(tx.context(), migrations).get()).isEqualTo(new Profile("Ann Lee", null));
                assertThat(tx.isDirty()).isFalse();
                tx.commit();
            }
        }
        assertThat(storage.load(KEY)).isEqualTo(before);
    }

    @Test
    void upgradeWritesTheCurrentFormInTheUnitOfWorksCommit() {
        storedByOldCode();
        try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
            ProfileState profile = new ProfileState(tx.context(), migrations);
            assertThat(profile.upgrade()).isTrue();
            assertThat(profile.upgrade()).as("already current in the unit of work").isFalse();
            tx.commit();
        }
        assertThat(storage.getData(KEY).get("draft:profile"))
                .isEqualTo(Map.of("fullName", "Ann Lee", DataMigrations.VERSION_ENTRY, 2));
    }

    @Test
    void untypedEntriesOfAVersionedFeatureReadAndMergeInTheCurrentForm() {
        storedByOldCode();
        FeatureStateManager profile = new FeatureStateManager(contexts.writeThrough(KEY), "profile", migrations);

        assertThat(profile.getAll()).containsOnly(Map.entry("fullName", "Ann Lee"));
        profile.update("age", 30);
        assertThat(storage.getData(KEY).get("draft:profile"))
                .isEqualTo(Map.of("fullName", "Ann Lee", "age", 30, DataMigrations.VERSION_ENTRY, 2));
    }

    @Test
    void aHistorySnapshotTakenBeforeTheRenameReadsThroughTheMigrationsAfterRollback() {
        storedByOldCode();
        try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
            new HistoryManager(tx.context()).snapshot();
            new ProfileState(tx.context(), migrations).put(new Profile("Someone else", 50));
            tx.commit();
        }

        try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
            assertThat(new HistoryManager(tx.context()).rollback()).isEqualTo("Profile:AGE");
            assertThat(new ProfileState(tx.context(), migrations).get()).isEqualTo(new Profile("Ann Lee", null));
            tx.commit();
        }
    }

    @Test
    void aRecordNewerThanTheCodeFailsTheUnitOfWorkAndIsKeptAsItIs() {
        try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
            tx.context().setState("Profile:AGE");
            tx.context().updateData("draft:profile", Map.of("first", "Ann", DataMigrations.VERSION_ENTRY, 3));
            tx.commit();
        }
        FsmRecord before = storage.load(KEY);

        try (FsmTransaction tx = FsmTransactions.begin(contexts, KEY)) {
            ProfileState profile = new ProfileState(tx.context(), migrations);
            assertThatThrownBy(() -> profile.modify(p -> new Profile("x", 1)))
                    .isInstanceOf(DataMigrationException.class)
                    .hasMessageContaining("Feature 'profile' of " + KEY + " was stored as version 3");
            assertThatThrownBy(profile::upgrade).isInstanceOf(DataMigrationException.class);
            assertThatThrownBy(() -> profile.put(new Profile("Ann", 2))).isInstanceOf(DataMigrationException.class);
            assertThatThrownBy(() -> profile.update("age", 3)).isInstanceOf(DataMigrationException.class);
            assertThat(tx.isDirty()).isFalse();
        }
        assertThat(storage.load(KEY)).isEqualTo(before);
    }
}
