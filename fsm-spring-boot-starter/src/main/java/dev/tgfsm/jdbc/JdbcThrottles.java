package dev.tgfsm.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.Throttling;

/**
 * The rate-limit path of {@link JdbcFsmStorage}: a bucket step read and booked together with the
 * records of an update, with or without the conversation's lock, in SQL where the database computes
 * the step ({@link JdbcGcra}), else version-checked.
 */
final class JdbcThrottles {

    private final JdbcTransactions transactions;

    private final JdbcRecords records;

    /** Whether the codec writes buckets in the form {@link JdbcGcra} computes in SQL. */
    private final boolean gcraInSql;

    JdbcThrottles(JdbcTransactions transactions, JdbcRecords records) {
        this.transactions = transactions;
        this.records = records;
        this.gcraInSql = JdbcGcra.codecMatches(records);
    }

    private JdbcDialect dialect() {
        JdbcDialect known = transactions.knownDialect();
        return known != null ? known : transactions.dialect();
    }

    /** See {@link JdbcFsmStorage#lockAndLoad(StorageKey, Lease, java.util.Collection, ThrottleRequest)}. */
    LockAttempt lockAndLoad(String lock, Lease lease, Map<StorageKey, String> rendered, String bucket,
            ThrottleRequest throttle) {
        boolean transactional = JdbcFolds.throttleNeedsTransaction(dialect());
        return transactions.run("checking a rate limit and locking a conversation", transactional, (c, sql) -> {
            BucketRead read = readWithBucket(c, sql, rendered, bucket, throttle);
            Throttling.Step step = read.step();
            if (!step.result().admitted()) {
                return LockAttempt.throttled(step.result());
            }
            JdbcRecords.Encoded encoded = records.encode(bucket, step.record());
            long now = read.now();
            long expected = read.bucket().version();
            Long expiresAt = JdbcRecords.expiry(now, throttle.capacity());
            JdbcFolds.Locked locked = JdbcFolds.throttleAndLock(c, sql, encoded, expected, now, expiresAt,
                    lock, lease);
            if (locked == null) {
                boolean written = JdbcRows.put(c, sql, encoded, expected, now, expiresAt);
                boolean taken = written && JdbcLocks.takeLock(c, sql, lock, lease, now);
                locked = new JdbcFolds.Locked(written, taken,
                        written && !taken ? JdbcLocks.lockRemaining(c, sql, lock, now) : null);
            }
            if (!locked.bucketWritten()) {
                // a concurrent step wrote the bucket first; on H2 the rollback also undoes a lock taken beside it
                throw new JdbcTransactions.Retry();
            }
            if (!locked.taken()) {
                Duration remaining = lease.hasTurn() ? JdbcLocks.waitForTurn(c, sql, lock, lease, now)
                        : locked.remaining();
                return LockAttempt.busy(remaining != null ? remaining : Duration.ofMillis(1))
                        .withThrottle(step.result());
            }
            return LockAttempt.acquired(JdbcRows.byKey(rendered, read.found())).withThrottle(step.result());
        });
    }

    /** See {@link JdbcFsmStorage#throttleAndLoad}. */
    LockAttempt throttleAndLoad(Map<StorageKey, String> rendered, String bucket, ThrottleRequest throttle) {
        LockAttempt inSql = throttleInSqlAndLoad(rendered, bucket, throttle);
        if (inSql != null) {
            return inSql;
        }
        return transactions.run("checking a rate limit and loading records", false, (c, sql) -> {
            BucketRead read = readWithBucket(c, sql, rendered, bucket, throttle);
            Throttling.Step step = read.step();
            if (!step.result().admitted()) {
                return LockAttempt.throttled(step.result());
            }
            if (!JdbcRows.put(c, sql, records.encode(bucket, step.record()), read.bucket().version(), read.now(),
                    JdbcRecords.expiry(read.now(), throttle.capacity()))) {
                throw new JdbcTransactions.Retry(); // a concurrent step wrote the bucket first
            }
            return LockAttempt.acquired(JdbcRows.byKey(rendered, read.found())).withThrottle(step.result());
        });
    }

    /**
     * The step computed by the database with the load ({@link JdbcGcra}), or {@code null} where it
     * cannot be: another database, an increment above the capacity (never admitted), a codec or a
     * stored bucket of another form.
     */
    private @Nullable LockAttempt throttleInSqlAndLoad(Map<StorageKey, String> rendered, String bucket,
            ThrottleRequest throttle) {
        long increment = Throttling.positiveMicros(throttle.increment(), "increment");
        long capacity = Throttling.positiveMicros(throttle.capacity(), "capacity");
        JdbcDialect dialect = dialect();
        if (!gcraInSql || !JdbcGcra.supports(dialect) || increment > capacity) {
            return null;
        }
        long nowMicros = Throttling.micros(throttle.now());
        String emptyData = records.encode(bucket, FsmRecord.EMPTY).data();
        Set<String> asked = new LinkedHashSet<>(rendered.values());
        // H2: in a transaction, so that a statement that fails after its MERGE books no permit
        JdbcGcra.Outcome outcome = transactions.run("checking a rate limit and loading records",
                dialect == JdbcDialect.H2, (c, sql) -> {
                    long now = records.now();
                    return JdbcGcra.stepAndLoad(c, sql, records, new JdbcGcra.Step(bucket, nowMicros, increment,
                            capacity, now, now + throttle.capacity().toMillis(), emptyData), asked);
                });
        if (outcome.result() == null) {
            return null;
        }
        if (!outcome.result().admitted()) {
            return LockAttempt.throttled(outcome.result());
        }
        return LockAttempt.acquired(JdbcRows.byKey(rendered, outcome.found())).withThrottle(outcome.result());
    }

    /** The records and the rate-limit bucket read in one {@code SELECT}, and the bucket's next step. */
    private record BucketRead(long now, Map<String, FsmRecord> found, FsmRecord bucket, Throttling.Step step) {
    }

    private BucketRead readWithBucket(Connection c, JdbcSql sql, Map<StorageKey, String> rendered, String bucket,
            ThrottleRequest throttle) throws SQLException {
        long now = records.now();
        Set<String> asked = new LinkedHashSet<>(rendered.values());
        asked.add(bucket);
        Map<String, FsmRecord> found = JdbcRows.select(c, sql, records, asked, now);
        FsmRecord current = found.getOrDefault(bucket, FsmRecord.EMPTY);
        return new BucketRead(now, found, current, Throttling.step(current, throttle));
    }
}
