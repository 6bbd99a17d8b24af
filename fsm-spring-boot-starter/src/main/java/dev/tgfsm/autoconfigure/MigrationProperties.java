package dev.tgfsm.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tgfsm.feature.FeatureMigrationJob;

/**
 * Settings of the offline migration of versioned data ({@code tgfsm.migrations.*}): the
 * {@link FeatureMigrationJob} bean that upgrades every stored record the application's
 * {@code DataMigration} steps version.
 */
@ConfigurationProperties("tgfsm.migrations")
public class MigrationProperties {

    /** The default number of records loaded and written together. */
    public static final int DEFAULT_BATCH_SIZE = FeatureMigrationJob.DEFAULT_BATCH_SIZE;

    /**
     * Whether to run the migration job in the background once the application has started (it
     * stops between two batches when the application stops, and a later start goes on). Off: records
     * are upgraded when their conversation is next used, or when the application runs the
     * {@code FeatureMigrationJob} bean itself.
     */
    private boolean runAtStartup = false;

    /**
     * How many records the migration job loads and writes together (one load and one write per
     * batch; on SQL one transaction).
     */
    private int batchSize = DEFAULT_BATCH_SIZE;

    /**
     * Returns whether the job runs at start-up.
     *
     * @return {@code true} to run it in the background
     */
    public boolean isRunAtStartup() {
        return runAtStartup;
    }

    /**
     * Sets whether the job runs at start-up.
     *
     * @param runAtStartup {@code true} to run it in the background
     */
    public void setRunAtStartup(boolean runAtStartup) {
        this.runAtStartup = runAtStartup;
    }

    /**
     * Returns the batch size.
     *
     * @return records per batch
     */
    public int getBatchSize() {
        return batchSize;
    }

    /**
     * Sets the batch size.
     *
     * @param batchSize records per batch, at least 1
     */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }
}
