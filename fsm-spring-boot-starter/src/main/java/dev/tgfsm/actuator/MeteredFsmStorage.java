package dev.tgfsm.actuator;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.DueDeadline;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.StorageHealth;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.ThrottleResult;
import dev.tgfsm.storage.UserDataStorage;
import dev.tgfsm.storage.WriteBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * A storage that times every call of another one ({@code tgfsm.storage.calls}, tagged with the
 * operation and its outcome), counts busy locks ({@code tgfsm.lock.busy}: each attempt that found the
 * conversation locked by someone else, i.e. one lock wait step) and version conflicts
 * ({@code tgfsm.storage.conflicts}). Every method, default ones included, is forwarded, so the wrapped
 * backend keeps its single-round-trip implementations.
 */
public final class MeteredFsmStorage implements FsmStorage {

    /** The timer of storage calls. */
    public static final String CALLS = "tgfsm.storage.calls";

    /** The counter of lock attempts that found the lock busy. */
    public static final String LOCK_BUSY = "tgfsm.lock.busy";

    /** The counter of version conflicts. */
    public static final String CONFLICTS = "tgfsm.storage.conflicts";

    private final FsmStorage delegate;

    private final MeterRegistry registry;

    private final Counter lockBusy;

    private final Counter conflicts;

    /**
     * Creates the wrapper.
     *
     * @param delegate the storage measured
     * @param registry where the meters go
     */
    public MeteredFsmStorage(FsmStorage delegate, MeterRegistry registry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.lockBusy = Counter.builder(LOCK_BUSY).description("Lock attempts that found the conversation busy")
                .register(registry);
        this.conflicts = Counter.builder(CONFLICTS).description("Writes refused because the version changed")
                .register(registry);
    }

    /**
     * Returns the measured storage.
     *
     * @return the delegate
     */
    public FsmStorage delegate() {
        return delegate;
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "success";
        try {
            return call.get();
        }
        catch (FsmConflictException ex) {
            outcome = "conflict";
            conflicts.increment();
            throw ex;
        }
        catch (RuntimeException ex) {
            outcome = "error";
            throw ex;
        }
        finally {
            Timer.builder(CALLS).description("Calls to the conversation storage").tag("operation", operation)
                    .tag("outcome", outcome).register(registry).record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private void timedRun(String operation, Runnable call) {
        timed(operation, () -> {
            call.run();
            return null;
        });
    }

    @Override
    public Map<StorageKey, FsmRecord> loadAll(Collection<StorageKey> keys) {
        return timed("loadAll", () -> delegate.loadAll(keys));
    }

    /**
     * Forwards: deadlines ride in the commit if they do in the delegate.
     */
    @Override
    public boolean commitsDeadlines() {
        return delegate.commitsDeadlines();
    }

    /**
     * Forwards the user-data capability of the delegate, unmetered.
     */
    @Override
    public UserDataStorage userData() {
        return delegate.userData();
    }

    @Override
    public void save(WriteBatch batch) {
        timedRun("save", () -> delegate.save(batch));
    }

    @Override
    public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys) {
        LockAttempt attempt = timed("lockAndLoad", () -> delegate.lockAndLoad(lockKey, lease, keys));
        if (!attempt.acquired()) {
            lockBusy.increment();
        }
        return attempt;
    }

    @Override
    public List<RuntimeException> saveEach(List<WriteBatch> batches) {
        return timed("saveEach", () -> delegate.saveEach(batches));
    }

    @Override
    public boolean loadsTogether(StorageKey conversation, StorageKey other) {
        return delegate.loadsTogether(conversation, other);
    }

    @Override
    public boolean throttlesWithLock(StorageKey lockKey, StorageKey bucket) {
        return delegate.throttlesWithLock(lockKey, bucket);
    }

    @Override
    public boolean throttlesWithLoad(StorageKey key, StorageKey bucket) {
        return delegate.throttlesWithLoad(key, bucket);
    }

    @Override
    public LockAttempt throttleAndLoad(Collection<StorageKey> keys, ThrottleRequest throttle) {
        return timed("throttleAndLoad", () -> delegate.throttleAndLoad(keys, throttle));
    }

    @Override
    public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys,
            ThrottleRequest throttle) {
        LockAttempt attempt = timed("lockAndLoad", () -> delegate.lockAndLoad(lockKey, lease, keys, throttle));
        if (!attempt.acquired() && !attempt.throttled()) {
            lockBusy.increment();
        }
        return attempt;
    }

    @Override
    public boolean renewLock(StorageKey lockKey, Lease lease) {
        return timed("renewLock", () -> delegate.renewLock(lockKey, lease));
    }

    @Override
    public boolean unlock(StorageKey lockKey, Lease lease) {
        return timed("unlock", () -> delegate.unlock(lockKey, lease));
    }

    @Override
    public long increment(String counter, long amount, @Nullable Duration ttl) {
        return timed("increment", () -> delegate.increment(counter, amount, ttl));
    }

    @Override
    public Stream<StorageKey> listKeys(String pattern) {
        return timed("listKeys", () -> delegate.listKeys(pattern));
    }

    @Override
    public long clearNamespace() {
        return timed("clearNamespace", delegate::clearNamespace);
    }

    @Override
    public StorageHealth health() {
        return delegate.health();
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public void stop() {
        delegate.stop();
    }

    @Override
    public @Nullable Duration defaultTtl() {
        return delegate.defaultTtl();
    }

    @Override
    public FsmRecord load(StorageKey key) {
        return timed("load", () -> delegate.load(key));
    }

    @Override
    public FsmRecord change(StorageKey key, UnaryOperator<@Nullable FsmRecord> change, @Nullable Duration ttl) {
        return timed("change", () -> delegate.change(key, change, ttl));
    }

    @Override
    public @Nullable String getState(StorageKey key) {
        return timed("getState", () -> delegate.getState(key));
    }

    @Override
    public void setState(StorageKey key, @Nullable String state) {
        timedRun("setState", () -> delegate.setState(key, state));
    }

    @Override
    public Map<String, @Nullable Object> getData(StorageKey key) {
        return timed("getData", () -> delegate.getData(key));
    }

    @Override
    public void setData(StorageKey key, Map<String, @Nullable Object> data) {
        timedRun("setData", () -> delegate.setData(key, data));
    }

    @Override
    public Map<String, @Nullable Object> updateData(StorageKey key, Map<String, @Nullable Object> patch) {
        return timed("updateData", () -> delegate.updateData(key, patch));
    }

    @Override
    public @Nullable Object getValue(StorageKey key, String name) {
        return timed("getValue", () -> delegate.getValue(key, name));
    }

    @Override
    public boolean compareAndSet(StorageKey key, @Nullable String expectedState, @Nullable String newState, @Nullable Duration ttl) {
        return timed("compareAndSet", () -> delegate.compareAndSet(key, expectedState, newState, ttl));
    }

    @Override
    public boolean delete(StorageKey key) {
        return timed("delete", () -> delegate.delete(key));
    }

    @Override
    public long purge(Collection<StorageKey> keys) {
        return timed("purge", () -> delegate.purge(keys));
    }

    @Override
    public ThrottleResult throttle(StorageKey bucket, Instant now, Duration increment,
            Duration capacity) {
        return timed("throttle", () -> delegate.throttle(bucket, now, increment, capacity));
    }

    @Override
    public void scheduleDeadline(StorageKey key, Instant at) {
        timed("scheduleDeadline", () -> {
            delegate.scheduleDeadline(key, at);
            return null;
        });
    }

    @Override
    public List<DueDeadline> claimDue(Instant now, int limit, Duration lease) {
        return timed("claimDue", () -> delegate.claimDue(now, limit, lease));
    }

    @Override
    public List<DueDeadline> claimDue(long botId, Instant now, int limit,
            Duration lease) {
        return timed("claimDue", () -> delegate.claimDue(botId, now, limit, lease));
    }

    @Override
    public boolean cancelDeadline(StorageKey key, java.time.@Nullable Instant expected) {
        return timed("cancelDeadline", () -> delegate.cancelDeadline(key, expected));
    }
}
