package dev.tgfsm.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;

/**
 * The lease-lock calls of {@link JdbcFsmStorage} without a rate-limit step, each in a transaction
 * of its own over {@link JdbcLocks}' statements: take the lock and read the records, renew it,
 * release it. A lock found busy by a holder gone in between starts the transaction again
 * ({@link JdbcTransactions.Retry}).
 */
final class JdbcLeases {

    private final JdbcTransactions transactions;

    private final JdbcRecords records;

    JdbcLeases(JdbcTransactions transactions, JdbcRecords records) {
        this.transactions = transactions;
        this.records = records;
    }

    /** See {@link JdbcFsmStorage#lockAndLoad(StorageKey, Lease, java.util.Collection)}. */
    LockAttempt lockAndLoad(String lock, Lease lease, Map<StorageKey, String> rendered) {
        return transactions.run("locking a conversation", false, (c, sql) -> {
            long now = records.now();
            if (!JdbcLocks.takeLock(c, sql, lock, lease, now)) {
                Duration remaining = JdbcLocks.waitForTurn(c, sql, lock, lease, now);
                if (remaining == null) {
                    throw new JdbcTransactions.Retry();
                }
                return LockAttempt.busy(remaining);
            }
            try {
                return LockAttempt.acquired(rendered.isEmpty() ? Map.of()
                        : JdbcRows.byKey(rendered,
                                JdbcRows.select(c, sql, records, new LinkedHashSet<>(rendered.values()), now)));
            }
            catch (SQLException | RuntimeException ex) {
                JdbcLocks.releaseQuietly(c, sql, lock, lease);
                throw ex;
            }
        });
    }

    boolean renew(String lock, Lease lease) {
        return transactions.run("renewing a lock", false,
                (c, sql) -> JdbcLocks.renew(c, sql, lock, lease, records.now()));
    }

    boolean unlock(String lock, Lease lease) {
        return transactions.run("unlocking", false,
                (c, sql) -> JdbcLocks.unlock(c, sql, lock, lease, records.now()));
    }
}
