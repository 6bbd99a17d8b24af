package dev.tgfsm.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.CounterStorage;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.DueDeadline;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.PrivacyStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.StorageHealth;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.ThrottleStorage;
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
 * <p>Connection failures raise {@link StorageUnavailableException}. Thread-safe.
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

    private final StorageConfig settings;

    private final JdbcRecords records;

    private final KeyRenderer renderer = new KeyRenderer("");

    private final String tablePrefix;

    private volatile Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;

    private final JdbcSweeper sweeper;

    private final JdbcDeadlines deadlines;

    private final JdbcCommits commits;

    private final JdbcThrottles throttles;

    private final JdbcChanges changes;

    private final JdbcLeases leases;

    private final JdbcNamespace namespace;

    /**
     * Creates a storage on the default tables, detecting the database from the first connection.
     *
     * @param dataSource the database
     * @param settings clock, codec, default TTL and size limit
     */
    public JdbcFsmStorage(DataSource dataSource, StorageConfig settings) {
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
    public JdbcFsmStorage(DataSource dataSource, String tablePrefix, @Nullable JdbcDialect dialect,
            StorageConfig settings) {
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
        this.sweeper = new JdbcSweeper(transactions, tablePrefix, records::now);
        this.deadlines = new JdbcDeadlines(transactions);
        this.commits = new JdbcCommits(transactions, records, renderer, deadlines);
        this.throttles = new JdbcThrottles(transactions, records);
        this.changes = new JdbcChanges(transactions, records);
        this.leases = new JdbcLeases(transactions, records);
        this.namespace = new JdbcNamespace(transactions, records, tablePrefix);
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
        commits.save(batch);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here always {@code true}: one transaction writes any records.
     */
    @Override
    public boolean writesTogether(StorageKey conversation, StorageKey other) {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here one transaction, each batch written as {@link #save} writes it; rolled back whole on a
     * conflict, the lock then still held.
     */
    @Override
    public void saveTogether(List<WriteBatch> batches) {
        commits.saveTogether(batches);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here the batches that release no lock are written in one transaction (per 50 batches), each
     * with its own version checks, as {@link #save} writes it, after a savepoint of its own. A batch
     * that conflicts with a writer that came first is rolled back to its savepoint and reported, and
     * the transaction goes on, so each batch's statements run once however many conflict. When a
     * batch fails otherwise, the transaction is rolled back, that batch reported with its failure,
     * and the others written again in a new transaction; so one commit serves a whole batch of
     * background writes while each conversation keeps its own outcome. Batches that release a lock
     * are saved one by one.
     */
    @Override
    public List<RuntimeException> saveEach(List<WriteBatch> batches) {
        return commits.saveEach(batches, this::save);
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
        return changes.change(renderer.canonical(key), change, ttl);
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
    public boolean compareAndSet(StorageKey key, @Nullable String expectedState, @Nullable String newState,
            @Nullable Duration ttl) {
        String text = renderer.canonical(key);
        if (Objects.equals(expectedState, newState)) {
            return Objects.equals(getState(key), expectedState);
        }
        return changes.compareAndSet(text, expectedState, newState, ttl);
    }

    // ------------------------------------------------------------------ locks

    @Override
    public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys) {
        Objects.requireNonNull(lease, "lease must not be null");
        return leases.lockAndLoad(lockKey(lockKey), lease, render(keys));
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
        return throttles.lockAndLoad(lockKey(lockKey), lease, render(keys), renderer.canonical(throttle.bucket()),
                throttle);
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
        return throttles.throttleAndLoad(render(keys), renderer.canonical(throttle.bucket()), throttle);
    }

    @Override
    public boolean renewLock(StorageKey lockKey, Lease lease) {
        return leases.renew(lockKey(lockKey), lease);
    }

    @Override
    public boolean unlock(StorageKey lockKey, Lease lease) {
        return leases.unlock(lockKey(lockKey), lease);
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
    public boolean cancelDeadline(StorageKey key, @Nullable Instant expected) {
        Objects.requireNonNull(key, "key must not be null");
        return deadlines.cancel(key, expected);
    }

    @Override
    public long clearNamespace() {
        return namespace.clear();
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
        return namespace.health();
    }

    /**
     * Runs the background sweeps on the given executor instead of a daemon thread of their own, from
     * the next {@link #start()} on; {@link #stop()} cancels them and leaves the executor to its owner.
     *
     * @param executor runs the sweeps
     */
    public void runSweepsOn(ScheduledExecutorService executor) {
        sweeper.runOn(executor);
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
