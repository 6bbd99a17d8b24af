package dev.tgfsm.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.CounterStorage;
import dev.tgfsm.storage.DeadlineChange;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.DueDeadline;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.PrivacyStorage;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageHealth;
import dev.tgfsm.storage.StorageSettings;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.ThrottleStorage;
import dev.tgfsm.storage.Throttling;
import dev.tgfsm.storage.UserDataStorage;
import dev.tgfsm.storage.WriteBatch;

/**
 * {@link FsmStorage} on a relational database through JDBC: PostgreSQL, MariaDB or MySQL, SQLite (a
 * file) and H2. Records, counters and lease locks live in tables named by a prefix (default
 * {@value #DEFAULT_TABLE_PREFIX}), and the deadline index in a fourth ({@code deadlines}); create them with
 * the shipped migrations (Flyway, Liquibase) or {@link JdbcSchemaInitializer}; {@link #health()} is down
 * while any of them is missing. The prefix is the namespace: {@link #clearNamespace()} empties these
 * tables and nothing else.
 *
 * <h2>Atomicity</h2>
 * Every write is guarded in the database, never by a read-then-write in Java: {@link #save} applies its
 * batch in one transaction with a version check per record ({@code UPDATE ... WHERE version = ?}, an
 * insert for version 0); {@link #change} and the conveniences built on it lock the row
 * ({@code SELECT ... FOR UPDATE}) before changing it; {@link #increment} is one upsert;
 * {@link #compareAndSet} is one conditional update. A typical update costs one statement to load and
 * one to save; with a lease lock one more, where the commit releases the lock in its own statement
 * (PostgreSQL, H2, MariaDB: see {@code JdbcFolds}; SQLite two more).
 *
 * <h2>Time</h2>
 * Record and counter expiry times are epoch milliseconds from the settings' clock, passed as
 * parameters: a row whose time has come is invisible at once and removed later by
 * {@link #sweepExpired()}, which {@link #start()} schedules every {@link #setSweepInterval sweep
 * interval}. Lease locks are judged by the database's own clock ({@code clock_timestamp()} on
 * PostgreSQL, {@code UTC_TIMESTAMP(6)} on MariaDB and MySQL, {@code CURRENT_TIMESTAMP} on H2), so
 * application instances whose clocks differ agree on when a lease lapses. SQLite runs inside the
 * application, whose clock is therefore the database's: there the settings' clock judges leases too.
 * A lock already carrying the caller's token counts as taken (its lease starts again), so a lock
 * request that timed out on the client but ran later is found again by the caller's retry.
 *
 * <h2>SQLite</h2>
 * The database must be a file. The journal is switched to WAL, each connection gets a busy timeout, and
 * all work on one file is serialised in this process with read-modify-write transactions opened by
 * {@code BEGIN IMMEDIATE}, so {@code SQLITE_BUSY} never reaches a caller.
 *
 * <p>Connection failures raise {@link dev.tgfsm.storage.StorageUnavailableException}. Thread-safe.
 */
public class JdbcFsmStorage implements CounterStorage, ThrottleStorage, DeadlineIndex, PrivacyStorage {

    /** The table prefix used when none is given. */
    public static final String DEFAULT_TABLE_PREFIX = "tgfsm_";

    /** How often {@link #start()} sweeps expired rows by default. */
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);

    /** How many expired rows one sweep statement deletes at most by default. */
    public static final int DEFAULT_SWEEP_BATCH_SIZE = 500;

    /** How many keys one {@link #listKeys} query fetches. */
    static final int LIST_BATCH_SIZE = 256;

    private static final Pattern TABLE_PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,40}");

    private final JdbcTransactions transactions;

    private final StorageSettings settings;

    private final JdbcRecords records;

    /** Whether the codec writes buckets in the form {@link JdbcGcra} computes in SQL. */
    private final boolean gcraInSql;

    private final KeyRenderer renderer = new KeyRenderer("");

    private final String tablePrefix;

    private volatile Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;

    private final JdbcSweeper sweeper;

    private final JdbcDeadlines deadlines;

    /**
     * Creates a storage on the default tables, detecting the database from the first connection.
     *
     * @param dataSource the database
     * @param settings clock, codec, default TTL and size limit
     */
    public JdbcFsmStorage(DataSource dataSource, StorageSettings settings) {
        this(dataSource, DEFAULT_TABLE_PREFIX, null, settings);
    }

    /**
     * Creates a storage.
     *
     * @param dataSource the database
     * @param tablePrefix put before the table names {@code records}, {@code counters} and {@code locks};
     *        letters, digits and underscores
     * @param dialect the database, or {@code null} to detect it from the first connection
     * @param settings clock, codec, default TTL and size limit
     */
    public JdbcFsmStorage(DataSource dataSource, String tablePrefix, @Nullable JdbcDialect dialect, StorageSettings settings) {
        Objects.requireNonNull(dataSource, "dataSource must not be null");
        Objects.requireNonNull(tablePrefix, "tablePrefix must not be null");
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        if (!TABLE_PREFIX.matcher(tablePrefix).matches()) {
            throw new IllegalArgumentException("Table prefix '" + tablePrefix
                    + "' must be letters, digits and underscores, starting with a letter or underscore");
        }
        this.tablePrefix = tablePrefix;
        this.transactions = new JdbcTransactions(dataSource, tablePrefix, dialect);
        this.records = new JdbcRecords(settings);
        this.gcraInSql = JdbcGcra.codecMatches(records);
        this.sweeper = new JdbcSweeper(transactions, tablePrefix, records::now);
        this.deadlines = new JdbcDeadlines(transactions);
    }

    /**
     * Sets how often the background sweeper started by {@link #start()} runs.
     *
     * @param interval the interval, positive
     */
    public void setSweepInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval must not be null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("sweep interval must be positive, was " + interval);
        }
        this.sweepInterval = interval;
    }

    /**
     * Sets how many expired rows one sweep statement deletes at most.
     *
     * @param batchSize the batch size, positive
     */
    public void setSweepBatchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("sweep batch size must be positive, was " + batchSize);
        }
        sweeper.setBatchSize(batchSize);
    }

    /**
     * Returns the table prefix, which is this storage's namespace.
     *
     * @return the prefix
     */
    public String getTablePrefix() {
        return tablePrefix;
    }

    /**
     * Returns the database dialect, connecting to detect it if needed.
     *
     * @return the dialect
     */
    public JdbcDialect getDialect() {
        JdbcDialect known = transactions.knownDialect();
        return known != null ? known : transactions.dialect();
    }

    // ------------------------------------------------------------------ records

    @Override
    public Map<StorageKey, FsmRecord> loadAll(Collection<StorageKey> keys) {
        Map<StorageKey, FsmRecord> result = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return result;
        }
        Map<StorageKey, String> rendered = render(keys);
        long now = records.now();
        Map<String, FsmRecord> found = transactions.run("loading records", false,
                (c, sql) -> JdbcRows.select(c, sql, records, new LinkedHashSet<>(rendered.values()), now));
        rendered.forEach((key, text) -> result.put(key, found.getOrDefault(text, FsmRecord.EMPTY)));
        return result;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here {@code true}: the deadline change (an upsert into, or a delete from,
     * {@code <prefix>deadlines}) is part of the statement that writes the records on PostgreSQL
     * (made only when every write passed its version check) and H2 (in a transaction rolled back
     * on a conflict); on MariaDB and SQLite it is one more statement in the records' transaction.
     * The idle timeout tracker sends one only when the conversation's next event comes earlier
     * than the index says (once per idle period).
     */
    @Override
    public boolean commitsDeadlines() {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A batch's deadline change is applied in the same statement or transaction as its records,
     * and its lock release in the same statement where the database allows it.
     */
    @Override
    public void save(WriteBatch batch) {
        Commit commit = commit(batch);
        try {
            transactions.run("saving records", commit.transactional, commit::write);
        }
        catch (FsmConflictException ex) {
            commit.releaseAfterConflict();
            throw ex;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here the batches that release no lock are written in one transaction, each with its own
     * version checks, as {@link #save} writes it. When one of them fails (a conflict with a writer
     * that came first, or any other error), the transaction is rolled back, that batch reported with
     * its failure, and the others written again in a new transaction; so one commit serves a whole
     * batch of background writes while each conversation keeps its own outcome. Batches that
     * release a lock are saved one by one.
     */
    @Override
    public List<RuntimeException> saveEach(List<WriteBatch> batches) {
        List<RuntimeException> failures = new ArrayList<>(batches.size());
        List<Integer> together = new ArrayList<>(batches.size());
        for (int i = 0; i < batches.size(); i++) {
            failures.add(null);
            if (batches.get(i).lockKey() == null) {
                together.add(i);
            }
            else {
                failures.set(i, saveOne(batches.get(i)));
            }
        }
        while (!together.isEmpty()) {
            List<Commit> commits = new ArrayList<>(together.size());
            for (int i : together) {
                commits.add(commit(batches.get(i)));
            }
            int[] current = {-1};
            try {
                transactions.run("saving the records of several conversations", true, (c, sql) -> {
                    for (int i = 0; i < commits.size(); i++) {
                        current[0] = i;
                        commits.get(i).write(c, sql);
                    }
                    current[0] = -1;
                    return null;
                });
                return failures;
            }
            catch (RuntimeException ex) {
                if (current[0] < 0 || ex instanceof StorageUnavailableException) {
                    // not one batch's fault: the store failed, or the commit did
                    for (int i : together) {
                        failures.set(i, ex);
                    }
                    return failures;
                }
                failures.set(together.remove(current[0]).intValue(), ex);
            }
        }
        return failures;
    }

    private @Nullable RuntimeException saveOne(WriteBatch batch) {
        try {
            save(batch);
            return null;
        }
        catch (RuntimeException ex) {
            return ex;
        }
    }

    private Commit commit(WriteBatch batch) {
        List<RecordWrite> writes = batch.writes();
        List<JdbcRecords.Encoded> encoded = new ArrayList<>(writes.size());
        for (RecordWrite write : writes) {
            String key = renderer.canonical(write.key());
            encoded.add(write.isDelete() ? new JdbcRecords.Encoded(key, null, null, null)
                    : records.encode(key, write.record()));
        }
        String lockKey = batch.lockKey() == null ? null : lockKey(batch.lockKey());
        JdbcDialect dialect = getDialect();
        boolean folded = JdbcFolds.commits(dialect, writes, lockKey != null);
        return new Commit(batch, encoded, lockKey, records.now(), dialect, folded);
    }

    /** One batch prepared for writing: its encoded records and how the dialect writes them. */
    private final class Commit {

        private final WriteBatch batch;

        private final List<RecordWrite> writes;

        private final List<JdbcRecords.Encoded> encoded;

        private final @Nullable String lockKey;

        private final long now;

        private final JdbcDialect dialect;

        private final boolean folded;

        private final @Nullable Long lifetime;

        private final @Nullable String conversation;

        private final int carrier;

        private final boolean slidesApart;

        private final boolean transactional;

        Commit(WriteBatch batch, List<JdbcRecords.Encoded> encoded, @Nullable String lockKey, long now,
                JdbcDialect dialect, boolean folded) {
            this.batch = batch;
            this.writes = batch.writes();
            this.encoded = encoded;
            this.lockKey = lockKey;
            this.now = now;
            this.dialect = dialect;
            this.folded = folded;
            DeadlineChange deadline = batch.deadline();
            this.lifetime = JdbcLifetime.expiry(writes, now);
            this.conversation = lifetime == null ? null : renderer.conversation(writes.get(0).key());
            // unfolded: the first update of an existing record carries its siblings' new expiry (MariaDB: a
            // joined update; SQLite: UPDATE ... RETURNING); elsewhere the siblings take one more statement,
            // spared to a commit that only creates records
            this.carrier = lifetime == null || folded ? -1 : JdbcLifetime.carrier(dialect, writes);
            this.slidesApart = lifetime != null && !folded && carrier < 0
                    && writes.stream().anyMatch(w -> !w.isDelete() && w.expectedVersion() > 0);
            this.transactional = slidesApart
                    || (folded ? JdbcFolds.commitNeedsTransaction(dialect, writes.size(), deadline != null)
                            : writes.size() > 1 || (lockKey != null && !writes.isEmpty())
                                    || (deadline != null && !writes.isEmpty()));
        }

        @Nullable Void write(Connection c, JdbcSql sql) throws SQLException {
            DeadlineChange deadline = batch.deadline();
            if (folded) {
                int failed = JdbcFolds.commit(c, sql, writes, encoded, now,
                        deadline == null ? null : renderer.canonical(deadline.key()),
                        deadline == null || deadline.isCancel() ? null : deadline.at().toEpochMilli(), lockKey,
                        lockKey == null ? null : batch.release().token(), conversation, lifetime);
                if (failed >= 0) {
                    throw conflict(c, sql, writes.get(failed), encoded.get(failed).key(), now);
                }
                return null;
            }
            for (int i = 0; i < writes.size(); i++) {
                if (i != carrier) {
                    apply(c, sql, writes.get(i), encoded.get(i), now);
                    continue;
                }
                RecordWrite write = writes.get(i);
                List<String> written = new ArrayList<>(encoded.size());
                encoded.forEach(e -> written.add(e.key()));
                boolean applied = dialect == JdbcDialect.MARIADB
                        ? JdbcFolds.updateWithSiblings(c, sql, write, encoded.get(i), now, conversation, written,
                                lifetime)
                        : JdbcLifetime.updateWithSiblings(c, sql, write, encoded.get(i), now, conversation, written,
                                lifetime);
                if (!applied) {
                    throw conflict(c, sql, write, encoded.get(i).key(), now);
                }
            }
            if (slidesApart) {
                List<String> written = new ArrayList<>(encoded.size());
                encoded.forEach(e -> written.add(e.key()));
                JdbcLifetime.slide(c, sql, conversation, written, lifetime, now);
            }
            if (deadline != null) {
                deadlines.apply(c, sql, deadline);
            }
            if (lockKey != null) {
                JdbcLocks.release(c, sql, lockKey, batch.release());
            }
            return null;
        }

        /** Releases the lock after a conflict, unless the failed statement released it already. */
        void releaseAfterConflict() {
            String held = lockKey;
            if (held != null && !(folded && JdbcFolds.releasesOnConflict(dialect, transactional))) {
                transactions.run("releasing a lock", false, (c, sql) -> JdbcLocks.release(c, sql, held, batch.release()));
            }
        }
    }

    private void apply(Connection c, JdbcSql sql, RecordWrite write, JdbcRecords.Encoded record, long now)
            throws SQLException {
        long expected = write.expectedVersion();
        boolean written;
        if (write.isDelete()) {
            written = expected == 0 ? JdbcRows.version(c, sql, record.key(), now) == 0
                    : JdbcRows.delete(c, sql, record.key(), expected, now);
        }
        else {
            written = JdbcRows.put(c, sql, record, expected, now, JdbcRecords.expiry(now, write.ttl()));
        }
        if (!written) {
            throw conflict(c, sql, write, record.key(), now);
        }
    }

    private static FsmConflictException conflict(Connection c, JdbcSql sql, RecordWrite write, String key, long now)
            throws SQLException {
        return new FsmConflictException(write.key(), write.expectedVersion(), JdbcRows.version(c, sql, key, now));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here one {@code DELETE ... WHERE record_key IN (...)}.
     */
    @Override
    public long purge(Collection<StorageKey> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        Map<StorageKey, String> rendered = render(keys);
        return transactions.run("purging records", false,
                (c, sql) -> (long) JdbcRows.purge(c, sql, new LinkedHashSet<>(rendered.values())));
    }

    /**
     * Changes a record under a row lock in one transaction: the current record is read with
     * {@code SELECT ... FOR UPDATE}, so concurrent changes queue instead of retrying. The function may
     * still run more than once if a concurrent insert of the same new record wins.
     */
    @Override
    public FsmRecord change(StorageKey key, UnaryOperator<@Nullable FsmRecord> change, @Nullable Duration ttl) {
        Objects.requireNonNull(change, "change must not be null");
        String text = renderer.canonical(key);
        return transactions.run("changing a record", true, (c, sql) -> {
            long now = records.now();
            FsmRecord current = JdbcRows.selectForUpdate(c, sql, records, text, now);
            FsmRecord next = change.apply(current);
            if (next == current) {
                return current;
            }
            if (next == null) {
                if (current.exists() && !JdbcRows.delete(c, sql, text, current.version(), now)) {
                    throw new JdbcTransactions.Retry();
                }
                return FsmRecord.EMPTY;
            }
            if (!JdbcRows.put(c, sql, records.encode(text, next), current.version(), now, JdbcRecords.expiry(now, ttl))) {
                throw new JdbcTransactions.Retry();
            }
            Instant stamp = Instant.ofEpochMilli(now);
            return new FsmRecord(next.state(), next.data(), next.meta(), current.version() + 1,
                    current.exists() ? current.createdAt() : stamp, stamp);
        });
    }

    @Override
    public @Nullable Duration defaultTtl() {
        return settings.defaultTtl();
    }

    /**
     * Sets the state in one conditional statement when a state is expected; when no state is
     * expected, updates a stateless record or inserts a new one, each step conditional.
     */
    @Override
    public boolean compareAndSet(StorageKey key, @Nullable String expectedState, @Nullable String newState, @Nullable Duration ttl) {
        String text = renderer.canonical(key);
        if (Objects.equals(expectedState, newState)) {
            return Objects.equals(getState(key), expectedState);
        }
        return transactions.run("comparing and setting a state", expectedState == null, (c, sql) -> {
            long now = records.now();
            Long expiresAt = JdbcRecords.expiry(now, ttl);
            String statement = expectedState == null ? sql.setStateWhenNone : sql.compareAndSetState;
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                ps.setString(1, newState);
                ps.setLong(2, now);
                JdbcRecords.setNullableLong(ps, 3, expiresAt);
                ps.setString(4, text);
                int i = 5;
                if (expectedState != null) {
                    ps.setString(i++, expectedState);
                }
                ps.setLong(i, now);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            if (expectedState != null) {
                return false;
            }
            if (JdbcRows.insert(c, sql, records.encode(text, FsmRecord.of(newState, Map.of())), now, expiresAt)) {
                return true;
            }
            if (JdbcRows.version(c, sql, text, now) > 0 && JdbcRows.state(c, sql, text, now) != null) {
                return false;
            }
            throw new JdbcTransactions.Retry();
        });
    }

    // ------------------------------------------------------------------ locks

    @Override
    public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys) {
        Objects.requireNonNull(lease, "lease must not be null");
        String lock = lockKey(lockKey);
        Map<StorageKey, String> rendered = render(keys);
        return transactions.run("locking a conversation", false, (c, sql) -> {
            long now = records.now();
            if (!JdbcLocks.takeLock(c, sql, lock, lease.token(), now, lease.duration().toMillis())) {
                Duration remaining = JdbcLocks.lockRemaining(c, sql, lock, now);
                if (remaining == null) {
                    throw new JdbcTransactions.Retry();
                }
                return LockAttempt.busy(remaining);
            }
            try {
                return LockAttempt.acquired(rendered.isEmpty() ? Map.of()
                        : loaded(rendered, JdbcRows.select(c, sql, records, new LinkedHashSet<>(rendered.values()), now)));
            }
            catch (SQLException | RuntimeException ex) {
                JdbcLocks.releaseQuietly(c, sql, lock, lease);
                throw ex;
            }
        });
    }

    private static Map<StorageKey, FsmRecord> loaded(Map<StorageKey, String> rendered, Map<String, FsmRecord> found) {
        Map<StorageKey, FsmRecord> loaded = new LinkedHashMap<>();
        rendered.forEach((key, text) -> loaded.put(key, found.getOrDefault(text, FsmRecord.EMPTY)));
        return loaded;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here {@code true}: see {@link #lockAndLoad(StorageKey, Lease, Collection, ThrottleRequest)}.
     */
    @Override
    public boolean throttlesWithLock(StorageKey lockKey, StorageKey bucket) {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here the bucket (a record, as {@link #throttle} keeps it) is read with the records in one
     * {@code SELECT}; a refusal ends there (one statement, no lock). Admitted, the bucket is written
     * with a version check (a concurrent step makes it start again) and the lock is taken, in one
     * statement on PostgreSQL, H2 (in a transaction: only its rollback undoes the bucket write of a
     * statement that failed, so that each call books one permit) and MariaDB (there when the bucket
     * and the lock row exist), in two elsewhere. The records are read before the lock is taken, so a
     * writer that released the lock in between makes this unit of work's commit conflict (the
     * version check), and the update runs again.
     */
    @Override
    public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys,
            ThrottleRequest throttle) {
        if (throttle == null) {
            return lockAndLoad(lockKey, lease, keys);
        }
        Objects.requireNonNull(lease, "lease must not be null");
        String lock = lockKey(lockKey);
        Map<StorageKey, String> rendered = render(keys);
        String bucket = renderer.canonical(throttle.bucket());
        boolean transactional = JdbcFolds.throttleNeedsTransaction(getDialect());
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
                boolean taken = written && JdbcLocks.takeLock(c, sql, lock, lease.token(), now, lease.duration().toMillis());
                locked = new JdbcFolds.Locked(written, taken,
                        written && !taken ? JdbcLocks.lockRemaining(c, sql, lock, now) : null);
            }
            if (!locked.bucketWritten()) {
                // a concurrent step wrote the bucket first; on H2 the rollback also undoes a lock taken beside it
                throw new JdbcTransactions.Retry();
            }
            if (!locked.taken()) {
                Duration remaining = locked.remaining();
                return LockAttempt.busy(remaining != null ? remaining : Duration.ofMillis(1)).withThrottle(step.result());
            }
            return LockAttempt.acquired(loaded(rendered, read.found())).withThrottle(step.result());
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here {@code true}: see {@link #throttleAndLoad}.
     */
    @Override
    public boolean throttlesWithLoad(StorageKey key, StorageKey bucket) {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here, on PostgreSQL and H2, the database computes the step and books it in the statement
     * that loads the records ({@link JdbcGcra}): one statement, admitted or refused. Elsewhere (and
     * for a stored bucket of another form than the one tgfsm writes) the bucket is read with the
     * records in one {@code SELECT}; a refusal ends there (one statement). Admitted, the bucket is
     * written with a version check in a second statement (a concurrent step makes the call start
     * again), before this returns: two statements instead of {@link #throttle}'s two and the load's
     * one.
     */
    @Override
    public LockAttempt throttleAndLoad(Collection<StorageKey> keys, ThrottleRequest throttle) {
        Objects.requireNonNull(throttle, "throttle must not be null");
        Map<StorageKey, String> rendered = render(keys);
        String bucket = renderer.canonical(throttle.bucket());
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
            return LockAttempt.acquired(loaded(rendered, read.found())).withThrottle(step.result());
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
        JdbcDialect dialect = getDialect();
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
        return LockAttempt.acquired(loaded(rendered, outcome.found())).withThrottle(outcome.result());
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

    @Override
    public boolean renewLock(StorageKey lockKey, Lease lease) {
        String lock = lockKey(lockKey);
        return transactions.run("renewing a lock", false,
                (c, sql) -> JdbcLocks.renew(c, sql, lock, lease, records.now()));
    }

    @Override
    public boolean unlock(StorageKey lockKey, Lease lease) {
        String lock = lockKey(lockKey);
        return transactions.run("unlocking", false,
                (c, sql) -> JdbcLocks.unlock(c, sql, lock, lease, records.now()));
    }

    // ------------------------------------------------------------------ counters, listing, clearing

    @Override
    public long increment(String counter, long amount, @Nullable Duration ttl) {
        Objects.requireNonNull(counter, "counter must not be null");
        long now = records.now();
        Long expiresAt = JdbcRecords.expiry(now, ttl);
        JdbcDialect known = transactions.knownDialect();
        boolean transactional = known == null || !known.onConflict();
        return transactions.run("incrementing a counter", transactional,
                (c, sql) -> JdbcCounters.increment(c, sql, counter, amount, now, expiresAt));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here one query over the records table and one over the counters table per lookup; see
     * {@link JdbcUserData} for what it costs.
     */
    @Override
    public UserDataStorage userData() {
        return new JdbcUserData(transactions, renderer, records::now);
    }

    @Override
    public Stream<StorageKey> listKeys(String pattern) {
        return JdbcKeyIterator.stream(transactions, renderer, pattern, records::now);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here one upsert into the table {@code <prefix>deadlines}.
     */
    @Override
    public void scheduleDeadline(StorageKey key, Instant at) {
        Objects.requireNonNull(key, "key must not be null");
        deadlines.schedule(key, Objects.requireNonNull(at, "at must not be null"));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here one transaction: a select of due rows with row locks and a conditional update per row.
     */
    @Override
    public List<DueDeadline> claimDue(Instant now, int limit, Duration lease) {
        return claim(null, now, limit, lease);
    }

    @Override
    public List<DueDeadline> claimDue(long botId, Instant now, int limit, Duration lease) {
        return claim(botId, now, limit, lease);
    }

    private List<DueDeadline> claim(Long botId, Instant now, int limit, Duration lease) {
        Objects.requireNonNull(now, "now must not be null");
        Objects.requireNonNull(lease, "lease must not be null");
        if (limit < 1 || lease.toMillis() < 1) {
            throw new IllegalArgumentException("limit must be at least 1 and lease at least 1 ms");
        }
        return deadlines.claim(botId, now, limit, lease);
    }

    @Override
    public boolean cancelDeadline(StorageKey key, java.time.@Nullable Instant expected) {
        Objects.requireNonNull(key, "key must not be null");
        return deadlines.cancel(key, expected);
    }

    @Override
    public long clearNamespace() {
        return transactions.run("clearing the tables", true, (c, sql) -> {
            long now = records.now();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql.records
                    + " WHERE expires_at IS NOT NULL AND expires_at <= ?")) {
                ps.setLong(1, now);
                ps.executeUpdate();
            }
            try (Statement st = c.createStatement()) {
                long removed = st.executeUpdate("DELETE FROM " + sql.records);
                st.executeUpdate("DELETE FROM " + sql.counters);
                st.executeUpdate("DELETE FROM " + sql.locks);
                st.executeUpdate("DELETE FROM " + sql.deadlines);
                return removed;
            }
        });
    }

    /**
     * Deletes expired records, counters and locks now, in batches of at most the
     * {@link #setSweepBatchSize sweep batch size} rows per statement.
     *
     * @return how many rows were deleted
     */
    public long sweepExpired() {
        return sweeper.sweep();
    }

    @Override
    public StorageHealth health() {
        JdbcDialect known = transactions.knownDialect();
        String backend = known == null ? "jdbc" : "jdbc-" + known.platform();
        long started = System.nanoTime();
        try (Connection c = transactions.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeQuery(JdbcTables.probeAll(tablePrefix)).close();
            return StorageHealth.up(backend, Duration.ofNanos(System.nanoTime() - started));
        }
        catch (Throwable ex) {
            return StorageHealth.down(backend, Duration.ofNanos(System.nanoTime() - started), ex);
        }
    }

    /**
     * Starts the background sweeper of expired rows. Idempotent.
     */
    @Override
    public void start() {
        sweeper.start(sweepInterval);
    }

    /**
     * Stops the background sweeper. Idempotent.
     */
    @Override
    public void stop() {
        sweeper.stop();
    }

    private Map<StorageKey, String> render(Collection<StorageKey> keys) {
        Map<StorageKey, String> rendered = new LinkedHashMap<>();
        for (StorageKey key : keys) {
            rendered.put(key, renderer.canonical(key));
        }
        return rendered;
    }

    private String lockKey(StorageKey key) {
        return renderer.conversation(key);
    }
}
