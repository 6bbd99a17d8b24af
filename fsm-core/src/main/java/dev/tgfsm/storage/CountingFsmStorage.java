package dev.tgfsm.storage;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import dev.tgfsm.Internal;
import dev.tgfsm.key.StorageKey;

/**
 * A {@link FsmStorage} decorator that counts the calls made to each method, for tests (how many
 * round trips did this handler cost?) and metrics. Every method, the convenience methods included,
 * is forwarded to the same method of the wrapped storage, so a backend's single-round-trip
 * overrides are still used; calls the wrapped storage makes to itself are not counted.
 *
 * <p>Methods are counted by name ({@code "load"}, {@code "save"}, {@code "updateData"}, …), before
 * the call, whether it succeeds or throws: the names {@link ForwardingFsmStorage#call} is given.
 * Properties of the store ({@link #commitsDeadlines()}, {@link #capability}, …) are not calls and
 * are not counted; a {@code lockAndLoad} with a rate-limit step counts a {@code throttle} too where
 * the delegate does not combine them; saves that carry a deadline change are counted once more, apart
 * ({@link #deadlinesCommitted()}). Thread-safe.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class CountingFsmStorage extends ForwardingFsmStorage {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    private final LongAdder deadlines = new LongAdder();

    /**
     * Wraps a storage.
     *
     * @param delegate the storage whose calls are counted
     */
    public CountingFsmStorage(FsmStorage delegate) {
        super(delegate);
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

    /**
     * Counts the call under the method's name, before making it.
     */
    @Override
    protected <T> T call(String operation, Supplier<T> call) {
        record(operation);
        return call.get();
    }

    @Override
    public void save(WriteBatch batch) {
        if (batch != null && batch.deadline() != null) {
            deadlines.increment();
        }
        super.save(batch);
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
        if (throttle != null && !throttlesWithLock(lockKey, throttle.bucket())) {
            record("throttle");
        }
        return super.lockAndLoad(lockKey, lease, keys, throttle);
    }
}
