package dev.tgfsm.feature;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmConflictException;

/**
 * Upgrades one feature's data in every conversation to the current version, offline, in bounded
 * batches, so that no record waits for its user to come back.
 *
 * <p>It lists the conversations' main records ({@code listKeys}, a {@code SCAN} on Redis), and for
 * each batch loads the records in one round trip and writes the upgraded ones in one version-checked
 * write ({@link FsmContexts#inOneWrite}). It is safe beside live traffic: a record that an update
 * changed since the load is not overwritten but upgraded again in its own unit of work (which takes
 * the conversation's lock when the contexts have one); an update whose commit meets the job's write
 * is retried by the dispatcher on the fresh record. Upgrading writes the record as any commit does
 * (its time to live starts again).
 *
 * <p>Resumable: stopped between batches ({@link #run(BooleanSupplier)}), a later run goes through the
 * namespace again and finds the records already upgraded current, costing one read each.
 */
public final class FeatureMigrationJob {

    /** The default number of records loaded and written together. */
    public static final int DEFAULT_BATCH_SIZE = 100;

    private static final Logger log = LoggerFactory.getLogger(FeatureMigrationJob.class);

    private final FsmContexts contexts;

    private final DataMigrations migrations;

    private final String feature;

    private final int batchSize;

    private final @Nullable Long botId;

    /**
     * Creates a job.
     *
     * @param contexts the units of work of the conversations
     * @param migrations the registered migrations
     * @param feature the feature whose data to upgrade
     * @param batchSize how many records to load and write together, at least 1
     * @param botId only this bot's conversations, or {@code null} for every bot in the store
     */
    public FeatureMigrationJob(FsmContexts contexts, DataMigrations migrations, String feature, int batchSize,
            @Nullable Long botId) {
        this.contexts = Objects.requireNonNull(contexts, "contexts must not be null");
        this.migrations = Objects.requireNonNull(migrations, "migrations must not be null");
        this.feature = Objects.requireNonNull(feature, "feature must not be null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        this.batchSize = batchSize;
        this.botId = botId;
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
        String pattern = (botId == null ? "" : KeyRenderer.canonicalBotTag(botId)) + "*:" + StorageKey.DEFAULT_DESTINY;
        try (Stream<StorageKey> keys = contexts.storage().listKeys(pattern)) {
            Iterator<StorageKey> it = keys.iterator();
            List<StorageKey> batch = new ArrayList<>(batchSize);
            while (it.hasNext()) {
                StorageKey key = it.next();
                if (key.botId() == 0 && key.chatId() == 0 && key.userId() == 0
                        || botId != null && key.botId() != botId) {
                    continue;
                }
                batch.add(key);
                if (batch.size() == batchSize) {
                    if (!keepGoing.getAsBoolean()) {
                        return new MigrationReport(counts[0], counts[1], counts[2], counts[3], false);
                    }
                    migrate(batch, counts);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                if (!keepGoing.getAsBoolean()) {
                    return new MigrationReport(counts[0], counts[1], counts[2], counts[3], false);
                }
                migrate(batch, counts);
            }
        }
        return new MigrationReport(counts[0], counts[1], counts[2], counts[3], true);
    }

    private void migrate(List<StorageKey> batch, long[] counts) {
        Set<StorageKey> upgrading = new HashSet<>();
        Map<StorageKey, RuntimeException> notWritten = contexts.inOneWrite(batch, tx -> {
            if (manager(tx.context()).upgrade()) {
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
                    if (contexts.inTransaction(key, tx -> manager(tx.context()).upgrade())) {
                        upgrading.add(key);
                    }
                }
                catch (RuntimeException ex) {
                    failure = ex;
                }
            }
            if (failure != null) {
                counts[3]++;
                log.warn("Could not upgrade feature '{}' of {}; it is kept as it is: {}", feature, key, failure.toString());
            }
            else if (upgrading.contains(key)) {
                counts[1]++;
            }
            else {
                counts[2]++;
            }
        }
    }

    private FeatureStateManager manager(FsmContext context) {
        return new FeatureStateManager(context, feature, migrations);
    }
}
