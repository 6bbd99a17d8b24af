package dev.tgfsm.feature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.WriteBatch;

/**
 * Upgrades versioned data in every conversation to the current version, offline, in bounded
 * batches, so that no record waits for its user to come back: one feature's data, or everything
 * the registry versions (every feature with steps, the conversations' top-level data, and the
 * records of every scope with steps).
 *
 * <p>It lists the conversations' main records ({@code listKeys}, a {@code SCAN} on Redis), and for
 * each batch loads the records in one round trip and writes the upgraded ones in one version-checked
 * write ({@link FsmTransactions#inOneWrite}). It is safe beside live traffic: a record that an update
 * changed since the load is not overwritten but upgraded again in its own unit of work (which takes
 * the conversation's lock when the contexts have one); an update whose commit meets the job's write
 * is retried by the dispatcher on the fresh record. Upgrading writes the record as any commit does
 * (its time to live starts again). Scope records are listed by their destiny and written the same
 * way, each version-checked; one that a live update wrote meanwhile was stored in the current version
 * by that write.
 *
 * <p>Resumable: stopped between batches ({@link #run(BooleanSupplier)}), a later run goes through the
 * namespace again and finds the records already upgraded current, costing one read each. A
 * {@linkplain #setProgressListener progress listener} hears the counts after every batch.
 */
public final class FeatureMigrationJob {

    /** The default number of records loaded and written together. */
    public static final int DEFAULT_BATCH_SIZE = 100;

    private static final Logger log = LoggerFactory.getLogger(FeatureMigrationJob.class);

    private final FsmContexts contexts;

    private final DataMigrations migrations;

    private final List<String> features;

    private final boolean conversations;

    private final List<DataScope> scopes;

    private final int batchSize;

    private final @Nullable Long botId;

    private Consumer<MigrationReport> progress = report -> {};

    /**
     * Creates a job for one feature's data.
     *
     * @param contexts the units of work of the conversations
     * @param migrations the registered migrations
     * @param feature the feature whose data to upgrade
     * @param batchSize how many records to load and write together, at least 1
     * @param botId only this bot's conversations, or {@code null} for every bot in the store
     */
    public FeatureMigrationJob(FsmContexts contexts, DataMigrations migrations, String feature, int batchSize,
            @Nullable Long botId) {
        this(contexts, migrations, List.of(Objects.requireNonNull(feature, "feature must not be null")), false,
                List.of(), batchSize, botId);
    }

    /**
     * Creates a job for everything the registry versions: every feature with steps, the
     * conversations' top-level data if it has steps, and every scope with steps.
     *
     * @param contexts the units of work of the conversations
     * @param migrations the registered migrations
     * @param batchSize how many records to load and write together, at least 1
     * @param botId only this bot's records, or {@code null} for every bot in the store
     */
    public FeatureMigrationJob(FsmContexts contexts, DataMigrations migrations, int batchSize, @Nullable Long botId) {
        this(contexts, migrations,
                migrations.features().stream().filter(f -> !f.startsWith("@")).sorted().toList(),
                migrations.currentVersion(DataMigrations.CONVERSATION) > 1,
                Arrays.stream(DataScope.values()).filter(s -> migrations.currentVersion(DataMigrations.scope(s)) > 1)
                        .toList(),
                batchSize, botId);
    }

    private FeatureMigrationJob(FsmContexts contexts, DataMigrations migrations, List<String> features,
            boolean conversations, List<DataScope> scopes, int batchSize, @Nullable Long botId) {
        this.contexts = Objects.requireNonNull(contexts, "contexts must not be null");
        this.migrations = Objects.requireNonNull(migrations, "migrations must not be null");
        this.features = features;
        this.conversations = conversations;
        this.scopes = scopes;
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        this.batchSize = batchSize;
        this.botId = botId;
    }

    /**
     * Sets what hears the counts so far after every batch (for logs and metrics); the last call of a
     * run carries the run's report.
     *
     * @param listener the listener
     */
    public void setProgressListener(Consumer<MigrationReport> listener) {
        this.progress = Objects.requireNonNull(listener, "listener must not be null");
    }

    /**
     * Returns the batch size.
     *
     * @return how many records are loaded and written together
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Tells whether the job has anything to upgrade: a feature, conversation data or a scope with
     * steps.
     *
     * @return {@code false} when every versioned subject is at version 1
     */
    public boolean hasWork() {
        return conversations || !scopes.isEmpty()
                || features.stream().anyMatch(f -> migrations.currentVersion(f) > 1);
    }

    /**
     * Goes through the whole namespace.
     *
     * @return what was done
     */
    public MigrationReport run() {
        return run(() -> true);
    }

    /**
     * Goes through the namespace while {@code keepGoing} says so, asking it before each batch.
     *
     * @param keepGoing asked before each batch; {@code false} stops the run
     * @return what was done
     */
    public MigrationReport run(BooleanSupplier keepGoing) {
        long[] counts = new long[4];
        boolean complete = true;
        if (!features.isEmpty() || conversations) {
            complete = walk(StorageKey.DEFAULT_DESTINY, keepGoing, counts, this::migrate);
        }
        for (DataScope scope : scopes) {
            if (!complete) {
                break;
            }
            complete = walk(scope.destiny(), keepGoing, counts, (batch, c) -> migrateScope(scope, batch, c));
        }
        MigrationReport report = report(counts, complete);
        progress.accept(report);
        return report;
    }

    private static MigrationReport report(long[] counts, boolean complete) {
        return new MigrationReport(counts[0], counts[1], counts[2], counts[3], complete);
    }

    /** Goes through the records of one destiny in batches; {@code false} if stopped. */
    private boolean walk(String destiny, BooleanSupplier keepGoing, long[] counts,
            BiConsumer<List<StorageKey>, long[]> step) {
        String pattern = (botId == null ? "" : KeyRenderer.canonicalBotTag(botId)) + "*:" + destiny;
        try (Stream<StorageKey> keys = contexts.storage().listKeys(pattern)) {
            Iterator<StorageKey> it = keys.iterator();
            List<StorageKey> batch = new ArrayList<>(batchSize);
            while (it.hasNext()) {
                StorageKey key = it.next();
                if (!key.destiny().equals(destiny) || botId != null && key.botId() != botId
                        || destiny.equals(StorageKey.DEFAULT_DESTINY) && key.botId() == 0 && key.chatId() == 0
                                && key.userId() == 0) {
                    continue;
                }
                batch.add(key);
                if (batch.size() == batchSize || !it.hasNext()) {
                    if (!keepGoing.getAsBoolean()) {
                        return false;
                    }
                    step.accept(batch, counts);
                    batch.clear();
                    progress.accept(report(counts, false));
                }
            }
            if (!batch.isEmpty()) {
                if (!keepGoing.getAsBoolean()) {
                    return false;
                }
                step.accept(batch, counts);
                progress.accept(report(counts, false));
            }
        }
        return true;
    }

    private void migrate(List<StorageKey> batch, long[] counts) {
        Set<StorageKey> upgrading = new HashSet<>();
        Map<StorageKey, RuntimeException> notWritten = FsmTransactions.inOneWrite(contexts, batch, tx -> {
            if (upgrade(tx)) {
                upgrading.add(tx.key());
            }
        });
        for (StorageKey key : batch) {
            counts[0]++;
            RuntimeException failure = notWritten.get(key);
            if (failure instanceof FsmConflictException) {
                failure = null;
                try {
                    upgrading.remove(key);
                    if (FsmTransactions.inTransaction(contexts, key, this::upgrade)) {
                        upgrading.add(key);
                    }
                }
                catch (RuntimeException ex) {
                    failure = ex;
                }
            }
            if (failure != null) {
                counts[3]++;
                log.warn("Could not upgrade the data of {}; it is kept as it is: {}", key, failure.toString());
            }
            else if (upgrading.contains(key)) {
                counts[1]++;
            }
            else {
                counts[2]++;
            }
        }
    }

    /** Marks every versioned part of one conversation to be written in the current version. */
    private boolean upgrade(FsmTransaction tx) {
        boolean any = conversations && tx.upgradeData();
        for (String feature : features) {
            any |= new FeatureStateManager(tx.context(), feature, migrations).upgrade();
        }
        return any;
    }

    private void migrateScope(DataScope scope, List<StorageKey> batch, long[] counts) {
        String subject = DataMigrations.scope(scope);
        FsmStorage storage = contexts.storage();
        Map<StorageKey, FsmRecord> loaded = storage.loadAll(batch);
        List<StorageKey> writing = new ArrayList<>();
        List<WriteBatch> writes = new ArrayList<>();
        for (StorageKey key : batch) {
            counts[0]++;
            FsmRecord record = loaded.getOrDefault(key, FsmRecord.EMPTY);
            try {
                if (!record.exists() || !migrations.isOld(key, subject, record.data())) {
                    counts[2]++;
                    continue;
                }
                writing.add(key);
                writes.add(WriteBatch.of(RecordWrite.put(key, upgradedScope(key, subject, record), record.version(),
                        null).withBase(record)));
            }
            catch (RuntimeException ex) {
                counts[3]++;
                log.warn("Could not upgrade the {} scope's data of {}; it is kept as it is: {}", scope, key,
                        ex.toString());
            }
        }
        List<RuntimeException> outcomes = writes.isEmpty() ? List.of() : storage.saveEach(writes);
        for (int i = 0; i < writing.size(); i++) {
            StorageKey key = writing.get(i);
            RuntimeException failure = outcomes.get(i);
            if (failure instanceof FsmConflictException) {
                // written meanwhile: a live write stores the current version; check what is there now
                FsmRecord now = storage.load(key);
                try {
                    if (now.exists() && migrations.isOld(key, subject, now.data())) {
                        storage.save(WriteBatch.of(RecordWrite.put(key, upgradedScope(key, subject, now), now.version(),
                                null).withBase(now)));
                        counts[1]++;
                    }
                    else {
                        counts[2]++;
                    }
                    failure = null;
                }
                catch (RuntimeException ex) {
                    failure = ex;
                }
            }
            else if (failure == null) {
                counts[1]++;
            }
            if (failure != null) {
                counts[3]++;
                log.warn("Could not upgrade the {} scope's data of {}; it is kept as it is: {}", scope, key,
                        failure.toString());
            }
        }
    }

    private FsmRecord upgradedScope(StorageKey key, String subject, FsmRecord record) {
        return record.withData(migrations.stamp(subject, migrations.upgrade(key, subject, record.data())));
    }
}
