package dev.tgfsm.jdbc;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.storage.BackgroundSweeper;

/**
 * Deletes expired records, counters and locks of one storage in bounded batches, on demand or every
 * interval on a daemon thread of its own. Expired rows are already invisible; sweeping only frees
 * the space.
 */
final class JdbcSweeper {

    private static final Logger logger = LoggerFactory.getLogger(JdbcSweeper.class);

    private static final String[][] TABLES = {{"records", "record_key"}, {"counters", "counter_name"},
            {"locks", "lock_key"}};

    private final JdbcTransactions transactions;

    private final String tablePrefix;

    private final LongSupplier clock;

    private volatile int batchSize = JdbcFsmStorage.DEFAULT_SWEEP_BATCH_SIZE;

    private @Nullable BackgroundSweeper background;

    private @Nullable ScheduledExecutorService shared;

    JdbcSweeper(JdbcTransactions transactions, String tablePrefix, LongSupplier clock) {
        this.transactions = transactions;
        this.tablePrefix = tablePrefix;
        this.clock = clock;
    }

    void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    /**
     * Deletes every row expired by now, at most one batch per statement.
     *
     * @return how many rows were deleted
     */
    long sweep() {
        long now = clock.getAsLong();
        int limit = batchSize;
        long total = 0;
        for (String[] table : TABLES) {
            int deleted;
            do {
                deleted = transactions.run("sweeping expired rows", false, (c, sql) -> {
                    if (table[0].equals("locks")) {
                        return JdbcLocks.sweep(c, sql, now, limit);
                    }
                    try (PreparedStatement ps = c.prepareStatement(sql.sweep(tablePrefix + table[0], table[1]))) {
                        ps.setLong(1, now);
                        if (sql.dialect == JdbcDialect.MARIADB) {
                            ps.setInt(2, limit);
                        }
                        else {
                            ps.setLong(2, now);
                            ps.setInt(3, limit);
                        }
                        return ps.executeUpdate();
                    }
                });
                total += deleted;
            }
            while (deleted >= limit);
        }
        return total;
    }

    /** Runs the background sweeps on this executor from the next start on; {@code null} for a thread of their own. */
    synchronized void runOn(ScheduledExecutorService executor) {
        this.shared = executor;
    }

    synchronized void start(Duration interval) {
        if (background == null) {
            background = new BackgroundSweeper("tgfsm-jdbc-sweeper-" + tablePrefix, this::sweepLogged, interval);
            if (shared != null) {
                background.runOn(shared);
            }
            background.start();
        }
    }

    synchronized void stop() {
        if (background != null) {
            background.stop();
            background = null;
        }
    }

    private void sweepLogged() {
        long deleted = sweep();
        if (deleted > 0) {
            logger.debug("Swept {} expired rows from the {}* tables", deleted, tablePrefix);
        }
    }
}
