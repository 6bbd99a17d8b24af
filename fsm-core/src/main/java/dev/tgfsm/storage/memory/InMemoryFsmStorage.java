package dev.tgfsm.storage.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.key.Glob;
import dev.tgfsm.key.KeyRenderer;
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

    private static final Logger logger = LoggerFactory.getLogger(InMemoryFsmStorage.class);

    private static final KeyRenderer RENDERER = new KeyRenderer("");

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
        if (keys.size() == 1) {
            StorageKey only = keys instanceof List<StorageKey> list ? list.get(0) : keys.iterator().next();
            return Map.of(only, load(only));
        }
        Map<StorageKey, FsmRecord> result = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return result;
        }
        StorageKey first = keys.iterator().next();
        boolean oneConversation = true;
        for (StorageKey k : keys) {
            oneConversation &= first.sameConversation(k);
        }
        if (oneConversation) {
            synchronized (stripe(first)) {
                keys.forEach(k -> result.put(k, load(k)));
            }
        }
        else {
            keys.forEach(k -> result.put(k, load(k)));
        }
        return result;
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

    private FsmRecord current(StorageKey key, long now) {
        return records.get(key, now);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here the function runs once, under the conversation's stripe monitor: it must be quick, must
     * not wait for other threads and must not write to this storage.
     */
    @Override
    public FsmRecord change(StorageKey key, UnaryOperator<@Nullable FsmRecord> change, @Nullable Duration ttl) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(change, "change must not be null");
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("ttl must be positive or null, was " + ttl);
        }
        synchronized (stripe(key)) {
            Instant stamp = settings.clock().instant();
            FsmRecord current = current(key, stamp.toEpochMilli());
            FsmRecord next = change.apply(current);
            if (next == current) {
                return current;
            }
            if (next == null) {
                if (current.exists()) {
                    records.remove(key);
                }
                return FsmRecord.EMPTY;
            }
            Map<String, Object> data = json.freezeObject(next.data());
            Map<String, Object> meta = json.freezeObject(next.meta());
            commits.checkSize(key, data, meta);
            return records.put(key, current, next.state(), data, meta, ttl, stamp);
        }
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
        Objects.requireNonNull(key, "key must not be null");
        synchronized (stripe(key)) {
            boolean existed = current(key, now()).exists();
            records.remove(key);
            return existed;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here under the stripe lock of the first key's conversation.
     */
    @Override
    public long purge(Collection<StorageKey> keys) {
        List<StorageKey> all = List.copyOf(keys);
        if (all.isEmpty()) {
            return 0;
        }
        synchronized (stripe(all.get(0))) {
            long now = now();
            long removed = 0;
            for (StorageKey key : all) {
                if (current(key, now).exists()) {
                    removed++;
                }
                records.remove(key);
            }
            return removed;
        }
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
        Objects.requireNonNull(lockKey, "lockKey must not be null");
        Objects.requireNonNull(lease, "lease must not be null");
        synchronized (stripe(lockKey)) {
            Duration busy = leases.tryLock(lockKey, lease, now());
            if (busy != null) {
                return LockAttempt.busy(busy);
            }
            Map<StorageKey, FsmRecord> loaded = new LinkedHashMap<>();
            keys.forEach(k -> loaded.put(k, load(k)));
            return LockAttempt.acquired(loaded);
        }
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
        Objects.requireNonNull(lease, "lease must not be null");
        synchronized (stripe(lockKey)) {
            return leases.renew(lockKey, lease, now());
        }
    }

    @Override
    public boolean unlock(StorageKey lockKey, Lease lease) {
        Objects.requireNonNull(lease, "lease must not be null");
        synchronized (stripe(lockKey)) {
            return leases.release(lockKey, lease, now());
        }
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
        Glob glob = Glob.of(pattern);
        String prefix = glob.literalPrefix();
        return records.liveKeys(this::now)
                .filter(k -> {
                    String canonical = RENDERER.canonical(k);
                    return canonical.startsWith(prefix) && glob.matches(canonical);
                })
                .distinct();
    }

    @Override
    public long clearNamespace() {
        long now = now();
        long live = records.liveCount(now);
        records.clear();
        counters.clear();
        leases.clear();
        deadlines.clear();
        return live;
    }

    // ------------------------------------------------------------------ deadline index

    /**
     * {@inheritDoc}
     *
     * <p>Here a sorted set in memory; the index dies with the process like the records.
     */
    @Override
    public void scheduleDeadline(StorageKey key, Instant at) {
        Objects.requireNonNull(key, "key must not be null");
        deadlines.schedule(key, Objects.requireNonNull(at, "at must not be null").toEpochMilli());
    }

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
        return deadlines.claim(botId, now.toEpochMilli(), limit, now.toEpochMilli() + lease.toMillis());
    }

    @Override
    public boolean cancelDeadline(StorageKey key, @Nullable Instant expected) {
        Objects.requireNonNull(key, "key must not be null");
        return deadlines.cancel(key, expected == null ? null : expected.toEpochMilli());
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
        long now = now();
        int removed = records.sweep(now);
        removed += counters.sweep(now) + leases.sweep(now);
        if (removed > 0) {
            logger.debug("Swept {} expired entries from memory storage", removed);
        }
        return removed;
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

    private Object stripe(StorageKey key) {
        return stripes.of(key);
    }
}
