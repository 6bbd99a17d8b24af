package dev.tgfsm.autoconfigure;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.feature.FeatureMigrationJob;
import dev.tgfsm.feature.MigrationReport;

/**
 * Runs the {@link FeatureMigrationJob} once, in the background, after the storage has started
 * ({@code tgfsm.migrations.run-at-startup=true}); on shutdown it stops the job between two batches,
 * before the storage stops. Nothing runs when no data is versioned.
 */
final class FeatureMigrationLifecycle extends PhasedLifecycle {

    /** The phase: started after the storage, stopped before it. */
    public static final int PHASE = FsmStorageLifecycle.PHASE + 256;

    private static final Logger log = LoggerFactory.getLogger(FeatureMigrationLifecycle.class);

    private final FeatureMigrationJob job;

    private volatile boolean keepGoing;

    private @Nullable Thread thread;

    private volatile @Nullable MigrationReport report;

    private final CountDownLatch ended = new CountDownLatch(1);

    /**
     * Creates the lifecycle.
     *
     * @param job the job to run
     */
    public FeatureMigrationLifecycle(FeatureMigrationJob job) {
        super(PHASE);
        this.job = Objects.requireNonNull(job, "job must not be null");
    }

    /**
     * Returns what the run did, once it ended.
     *
     * @return the report, or {@code null} while it runs or if it never ran
     */
    public @Nullable MigrationReport report() {
        return report;
    }

    /**
     * Waits for the run to end.
     *
     * @param timeout how long to wait at most
     * @return the report, or {@code null} if the run did not end in time (or never started)
     * @throws InterruptedException if interrupted while waiting
     */
    public @Nullable MigrationReport await(Duration timeout) throws InterruptedException {
        ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return report;
    }

    @Override
    protected void onStart() {
        if (!job.hasWork()) {
            log.debug("tgfsm.migrations.run-at-startup: no data is versioned, nothing to upgrade");
            return;
        }
        keepGoing = true;
        Thread running = new Thread(this::run, "tgfsm-migration");
        running.setDaemon(true);
        thread = running;
        running.start();
    }

    private void run() {
        log.info("Upgrading stored data to the current versions in the background, {} records a batch",
                job.batchSize());
        try {
            MigrationReport done = job.run(() -> keepGoing);
            report = done;
            log.info("Upgrading stored data {}: {} records looked at, {} upgraded, {} current, {} failed",
                    done.complete() ? "done" : "stopped (the next start goes on)", done.scanned(), done.upgraded(),
                    done.current(), done.failed());
        }
        catch (RuntimeException ex) {
            log.warn("Upgrading stored data stopped: {}; records are still upgraded when next used", ex.toString());
        }
        finally {
            ended.countDown();
        }
    }

    @Override
    protected void onStop() {
        keepGoing = false;
        Thread running = thread;
        if (running != null) {
            try {
                // the job stops before its next batch
                running.join(30_000);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
