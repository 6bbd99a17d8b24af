package dev.tgfsm.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;

/**
 * A {@link FsmStorage} decorator that counts the calls made to each method, for tests (how many
 * round trips did this handler cost?) and metrics. Every method, the convenience methods included,
 * is forwarded to the same method of the wrapped storage, so a backend's single-round-trip
 * overrides are still used; calls the wrapped storage makes to itself are not counted.
 *
 * <p>Methods are counted by name ({@code "load"}, {@code "save"}, {@code "updateData"}, …), before
 * the call, whether it succeeds or throws. {@link #commitsDeadlines()} is a property, not a call to
 * the store, and is not counted; saves that carry a deadline change are counted once more, apart
 * ({@link #deadlinesCommitted()}). Thread-safe.
 */
public final class CountingFsmStorage implements FsmStorage {

    private final FsmStorage delegate;

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    private final LongAdder deadlines = new LongAdder();

    /**
     * Wraps a storage.
     *
     * @param delegate the storage whose calls are counted
     */
    public CountingFsmStorage(FsmStorage delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
    }

    /**
     * Returns the wrapped storage.
     *
     * @return the delegate
     */
    public FsmStorage delegate() {
        return delegate;
    }

    /**
     * Returns how often a method was called since creation or the last {@link #reset()}.
     *
     * @param method the method's name, for example {@code "save"}
     * @return the count, 0 for a method never called
     */
    public long count(String method) {
        LongAdder adder = counts.get(method);
        return adder == null ? 0 : adder.sum();
    }

    /**
     * Returns how many saves carried a deadline index change ({@link WriteBatch#deadline()}) since
     * creation or the last {@link #reset()}: index writes that cost no call of their own where the
     * delegate {@linkplain #commitsDeadlines commits deadlines}. Not part of {@link #total()}.
     *
     * @return the count
     */
    public long deadlinesCommitted() {
        return deadlines.sum();
    }

    /**
     * Returns how many calls were made in all.
     *
     * @return the sum over all methods
     */
    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /**
     * Returns the counts of all methods called at least once, sorted by name.
     *
     * @return an unmodifiable snapshot
     */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((method, adder) -> {
            long n = adder.sum();
            if (n > 0) {
                copy.put(method, n);
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Sets every count back to zero.
     */
    public void reset() {
        counts.values().forEach(LongAdder::reset);
        deadlines.reset();
    }

    private void record(String method) {
        counts.computeIfAbsent(method, m -> new LongAdder()).increment();
    }

    @Override
    public Map<StorageKey, FsmRecord> loadAll(Collection<StorageKey> keys) {
        record("loadAll");
        return delegate.loadAll(keys);
    }

    /**
     * Forwards: deadlines ride in the commit if they do in the delegate.
     */
    @Override
    public boolean commitsDeadlines() {
        return delegate.commitsDeadlines();
    }

    /**
     * Forwards: the user-data capability of the delegate, whose calls are not counted (finding a
     * user's data is an administrative operation, not a round trip of an update).
     */
    @Override
    public UserDataStorage userData() {
        return delegate.userData();
    }

    @Override
    public void save(WriteBatch batch) {
        record("save");
        if (batch != null && batch.deadline() != null) {
            deadlines.increment();
        }
        delegate.save(batch);
    }

    @Override
    public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys) {
        record("lockAndLoad");
        return delegate.lockAndLoad(lockKey, lease, keys);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Counted as one {@code saveEach}, whatever the number of batches.
     */
    @Override
    public List<RuntimeException> saveEach(List<WriteBatch> batches) {
        record("saveEach");
        return delegate.saveEach(batches);
    }

    @Override
    public boolean loadsTogether(StorageKey conversation, StorageKey other) {
        return delegate.loadsTogether(conversation, other);
    }

    @Override
    public boolean throttlesWithLock(StorageKey lockKey, StorageKey bucket) {
        return delegate.throttlesWithLock(lockKey, bucket);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Counted as one {@code lockAndLoad}, plus one {@code throttle} when the delegate does not
     * combine the two.
     */
    @Override
    public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys,
            ThrottleRequest throttle) {
        if (throttle != null && !delegate.throttlesWithLock(lockKey, throttle.bucket())) {
            record("throttle");
        }
        record("lockAndLoad");
        return delegate.lockAndLoad(lockKey, lease, keys, throttle);
    }

    @Override
    public boolean throttlesWithLoad(StorageKey key, StorageKey bucket) {
        return delegate.throttlesWithLoad(key, bucket);
    }

    @Override
    public LockAttempt throttleAndLoad(Collection<StorageKey> keys, ThrottleRequest throttle) {
        record("throttleAndLoad");
        return delegate.throttleAndLoad(keys, throttle);
    }

    @Override
    public boolean renewLock(StorageKey lockKey, Lease lease) {
        record("renewLock");
        return delegate.renewLock(lockKey, lease);
    }

    @Override
    public boolean unlock(StorageKey lockKey, Lease lease) {
        record("unlock");
        return delegate.unlock(lockKey, lease);
    }

    @Override
    public long increment(String counter, long amount, @Nullable Duration ttl) {
        record("increment");
        return delegate.increment(counter, amount, ttl);
    }

    @Override
    public ThrottleResult throttle(StorageKey bucket, Instant now, Duration increment, Duration capacity) {
        record("throttle");
        return delegate.throttle(bucket, now, increment, capacity);
    }

    @Override
    public void scheduleDeadline(StorageKey key, Instant at) {
        record("scheduleDeadline");
        delegate.scheduleDeadline(key, at);
    }

    @Override
    public List<DueDeadline> claimDue(Instant now, int limit, Duration lease) {
        record("claimDue");
        return delegate.claimDue(now, limit, lease);
    }

    @Override
    public List<DueDeadline> claimDue(long botId, Instant now, int limit, Duration lease) {
        record("claimDue");
        return delegate.claimDue(botId, now, limit, lease);
    }

    @Override
    public boolean cancelDeadline(StorageKey key, java.time.@Nullable Instant expected) {
        record("cancelDeadline");
        return delegate.cancelDeadline(key, expected);
    }

    @Override
    public Stream<StorageKey> listKeys(String pattern) {
        record("listKeys");
        return delegate.listKeys(pattern);
    }

    @Override
    public long clearNamespace() {
        record("clearNamespace");
        return delegate.clearNamespace();
    }

    @Override
    public StorageHealth health() {
        record("health");
        return delegate.health();
    }

    @Override
    public void start() {
        record("start");
        delegate.start();
    }

    @Override
    public void stop() {
        record("stop");
        delegate.stop();
    }

    @Override
    public @Nullable Duration defaultTtl() {
        record("defaultTtl");
        return delegate.defaultTtl();
    }

    @Override
    public FsmRecord load(StorageKey key) {
        record("load");
        return delegate.load(key);
    }

    @Override
    public FsmRecord change(StorageKey key, UnaryOperator<@Nullable FsmRecord> change, @Nullable Duration ttl) {
        record("change");
        return delegate.change(key, change, ttl);
    }

    @Override
    public @Nullable String getState(StorageKey key) {
        record("getState");
        return delegate.getState(key);
    }

    @Override
    public void setState(StorageKey key, @Nullable String state) {
        record("setState");
        delegate.setState(key, state);
    }

    @Override
    public Map<String, @Nullable Object> getData(StorageKey key) {
        record("getData");
        return delegate.getData(key);
    }

    @Override
    public void setData(StorageKey key, Map<String, @Nullable Object> data) {
        record("setData");
        delegate.setData(key, data);
    }

    @Override
    public Map<String, @Nullable Object> updateData(StorageKey key, Map<String, @Nullable Object> patch) {
        record("updateData");
        return delegate.updateData(key, patch);
    }

    @Override
    public @Nullable Object getValue(StorageKey key, String name) {
        record("getValue");
        return delegate.getValue(key, name);
    }

    @Override
    public boolean compareAndSet(StorageKey key, @Nullable String expectedState, @Nullable String newState, @Nullable Duration ttl) {
        record("compareAndSet");
        return delegate.compareAndSet(key, expectedState, newState, ttl);
    }

    @Override
    public boolean delete(StorageKey key) {
        record("delete");
        return delegate.delete(key);
    }

    @Override
    public long purge(Collection<StorageKey> keys) {
        record("purge");
        return delegate.purge(keys);
    }
}
