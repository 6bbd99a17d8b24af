package dev.tgfsm.storage.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.BackgroundSweeper;
import dev.tgfsm.storage.CounterStorage;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.DueDeadline;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.PrivacyStorage;
import dev.tgfsm.storage.RecordMap;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.StorageHealth;
import dev.tgfsm.storage.ThrottleStorage;
import dev.tgfsm.storage.UserDataStorage;
import dev.tgfsm.storage.WriteBatch;

/**
 * A {@link FsmStorage} that keeps records, counters and lease locks in this process's memory. State
 * dies with the process; use it for tests, development and single-instance bots.
 *
 * <p>Every method is atomic. Writes to one conversation are serialised by one of a fixed set of
 * stripe monitors chosen by the conversation's identity, so multi-key batches are all-or-nothing
 * without leaving a lock object behind per key; single-key reads take no lock at all, because
 * stored records are immutable. Expiry is judged by the settings' clock: an expired record,
 * counter or lease is absent at once and physically removed by {@link #sweepExpired()}, which the
 * background sweeper started by {@link #start()} calls periodically. Reads never create entries.
 *
 * <p>Stored data are deep, unmodifiable copies: changing a map passed in or got back never changes
 * what is stored. The record-size guard estimates the encoded size by walking the plain values
 * (strings as UTF-8 bytes plus quotes, numbers as digits, punctuation of objects and arrays)
 * instead of encoding to JSON on every write; the estimate approximates the codec's output and
 * ignores escape sequences.
 */
public final class InMemoryFsmStorage implements CounterStorage, ThrottleStorage, DeadlineIndex, PrivacyStorage {

    /** How often the background sweeper runs when no interval is given. */
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final StorageConfig settings;

    private final Duration sweepInterval;

    private final FrozenJson json;

    private final RecordTable records = new RecordTable();

    private final LeaseTable leases = new LeaseTable();

    private final CounterTable counters = new CounterTable();

    private final DeadlineTable deadlines = new DeadlineTable();

    private final Stripes stripes = new Stripes();

    private final BackgroundSweeper sweeper;

    private final MemoryCommits commits;

    private final MemoryChanges changes;

    private final MemoryLocks locks;

    private final MemoryNamespace namespace;

    private final MemoryDeadlines deadlineCalls;

    /**
     * Creates a storage with the {@linkplain #DEFAULT_SWEEP_INTERVAL default sweep interval}.
     *
     * @param settings the clock, codec, default TTL and size limit
     */
    public InMemoryFsmStorage(StorageConfig settings) {
        this(settings, DEFAULT_SWEEP_INTERVAL);
    }

    /**
     * Creates a storage.
     *
     * @param settings the clock, codec, default TTL and size limit
     * @param sweepInterval how often the background sweeper started by {@link #start()} runs
     */
    public InMemoryFsmStorage(StorageConfig settings, Duration sweepInterval) {
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.sweepInterval = Objects.requireNonNull(sweepInterval, "sweepInterval must not be null");
        if (sweepInterval.toMillis() <= 0) {
            throw new IllegalArgumentException("sweepInterval must be at least 1 ms, was " + sweepInterval);
        }
        this.json = new FrozenJson(settings.codec());
        this.commits = new MemoryCommits(settings, json, records, leases, deadlines, stripes);
        this.changes = new MemoryChanges(settings, json, records, stripes, commits);
        this.locks = new MemoryLocks(settings, records, leases, stripes);
        this.namespace = new MemoryNamespace(settings, records, counters, leases, deadlines);
        this.deadlineCalls = new MemoryDeadlines(deadlines);
        this.sweeper = new BackgroundSweeper("tgfsm-memory-sweeper", this::sweepExpired, sweepInterval);
    }

    // ------------------------------------------------------------------ record level

    @Override
    public FsmRecord load(StorageKey key) {
        Objects.requireNonNull(key, "key must not be null");
        return records.get(key, settings.clock());
    }

    @Override
    public Map<StorageKey, FsmRecord> loadAll(Collection<StorageKey> keys) {
        return changes.loadAll(keys);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here {@code true}: a batch's deadline change is applied with its records.
     */
    @Override
    public boolean commitsDeadlines() {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A batch that fails the size guard also writes nothing and releases its lease. The batch's
     * deadline change is applied under the same stripe lock as its records, only when they are
     * written.
     */
    @Override
    public void save(WriteBatch batch) {
        commits.save(batch);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here always {@code true}.
     */
    @Override
    public boolean writesTogether(StorageKey conversation, StorageKey other) {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here under the monitors of every conversation written, taken in a fixed order.
     */
    @Override
    public void saveTogether(List<WriteBatch> batches) {
        commits.saveTogether(batches);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here the function runs once, under the conversation's stripe monitor: it must be quick, must
     * not wait for other threads and must not write to this storage.
     */
    @Override
    public FsmRecord change(StorageKey key, UnaryOperator<@Nullable FsmRecord> change, @Nullable Duration ttl) {
        return changes.change(key, change, ttl);
    }

    @Override
    public void setState(StorageKey key, @Nullable String state) {
        change(key, r -> r.withState(state), defaultTtl());
    }

    @Override
    public void setData(StorageKey key, Map<String, @Nullable Object> data) {
        Objects.requireNonNull(data, "data must not be null");
        change(key, r -> r.withData(data), defaultTtl());
    }

    @Override
    public Map<String, @Nullable Object> updateData(StorageKey key, Map<String, @Nullable Object> patch) {
        Objects.requireNonNull(patch, "patch must not be null");
        return change(key, r -> {
            return r.withData(RecordMap.builder(r.data().size() + patch.size()).putAll(r.data()).putAll(patch).build());
        }, defaultTtl()).data();
    }

    @Override
    public boolean delete(StorageKey key) {
        return changes.delete(key);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here under the stripe lock of the first key's conversation.
     */
    @Override
    public long purge(Collection<StorageKey> keys) {
        return changes.purge(keys);
    }

    @Override
    public @Nullable Duration defaultTtl() {
        return settings.defaultTtl();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here a walk over the records and counters in memory.
     */
    @Override
    public UserDataStorage userData() {
        return new InMemoryUserData(records, counters, settings.clock());
    }

    // ------------------------------------------------------------------ lease locks

    @Override
    public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys) {
        return locks.lockAndLoad(lockKey, lease, keys);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here {@code true}: both are calls inside the process, and the combined call is the
     * throttle followed by the lock, as the default does it.
     */
    @Override
    public boolean throttlesWithLock(StorageKey lockKey, StorageKey bucket) {
        return true;
    }

    @Override
    public boolean renewLock(StorageKey lockKey, Lease lease) {
        return locks.renew(lockKey, lease);
    }

    @Override
    public boolean unlock(StorageKey lockKey, Lease lease) {
        return locks.unlock(lockKey, lease);
    }

    // ------------------------------------------------------------------ kurigram level

    @Override
    public long increment(String counter, long amount, @Nullable Duration ttl) {
        Objects.requireNonNull(counter, "counter must not be null");
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("ttl must be positive or null, was " + ttl);
        }
        return counters.increment(counter, amount, ttl, now());
    }

    @Override
    public Stream<StorageKey> listKeys(String pattern) {
        return namespace.listKeys(pattern);
    }

    @Override
    public long clearNamespace() {
        return namespace.clear();
    }

    // ------------------------------------------------------------------ deadline index

    /**
     * {@inheritDoc}
     *
     * <p>Here a sorted set in memory; the index dies with the process like the records.
     */
    @Override
    public void scheduleDeadline(StorageKey key, Instant at) {
        deadlineCalls.schedule(key, at);
    }

    @Override
    public List<DueDeadline> claimDue(Instant now, int limit, Duration lease) {
        return deadlineCalls.claim(null, now, limit, lease);
    }

    @Override
    public List<DueDeadline> claimDue(long botId, Instant now, int limit, Duration lease) {
        return deadlineCalls.claim(botId, now, limit, lease);
    }

    @Override
    public boolean cancelDeadline(StorageKey key, @Nullable Instant expected) {
        return deadlineCalls.cancel(key, expected);
    }

    @Override
    public StorageHealth health() {
        return StorageHealth.up("memory", Duration.ZERO);
    }

    // ------------------------------------------------------------------ housekeeping

    /**
     * Removes expired records and counters and lapsed locks from memory. They are already absent to
     * every reader; this frees the memory they hold.
     *
     * @return how many entries were removed
     */
    public int sweepExpired() {
        return namespace.sweep();
    }

    /**
     * Runs the background sweeps on the given executor instead of a daemon thread of their own, from
     * the next {@link #start()} on (the starter passes one built with Spring Boot's scheduler
     * builder); {@link #stop()} cancels them and leaves the executor to its owner.
     *
     * @param executor runs the sweeps
     */
    public void runSweepsOn(ScheduledExecutorService executor) {
        sweeper.runOn(executor);
    }

    /**
     * Starts the background sweeper, a daemon thread that calls {@link #sweepExpired()} at the sweep
     * interval. Idempotent.
     */
    @Override
    public void start() {
        sweeper.start();
    }

    /**
     * Stops the background sweeper. Idempotent; the storage stays usable.
     */
    @Override
    public void stop() {
        sweeper.stop();
    }

    int recordCount() {
        return records.size();
    }

    int lockCount() {
        return leases.size();
    }

    int counterCount() {
        return counters.size();
    }

    private long now() {
        return settings.clock().millis();
    }
}
