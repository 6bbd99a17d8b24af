package dev.tgfsm.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;

/**
 * A storage that forwards every method, the default ones included, to another one, so that a
 * backend's single-round-trip overrides are still used: the base of decorators that count, time
 * or fail calls. A decorator overrides {@link #call}, through which every call to the store passes
 * with the method's name, and the few methods whose result it looks at.
 *
 * <p>Calls to the store pass through {@link #call} named after the method ({@code "load"},
 * {@code "save"}, {@code "claimDue"}, …; both {@code lockAndLoad} and both {@code claimDue}
 * overloads under one name each). Properties of the store are forwarded without it:
 * {@link #capability}, {@link #loadsTogether}, {@link #writesTogether}, {@link #commitsDeadlines},
 * {@link #throttlesWithLock}, {@link #throttlesWithLoad} and {@link #userData}.
 *
 * <p>This class implements every optional capability so that it can forward them, but
 * {@link #capability} reports only what the delegate has, plus {@link ThrottleStorage} and
 * {@link DeadlineIndex}, whose fallbacks built on records it applies to a delegate without them
 * (as {@link ThrottleStorage#of} and {@link DeadlineIndex#of} do). A call of a capability the
 * delegate lacks and that has no fallback ({@link #increment}, {@link #userData}) throws
 * {@link MissingCapabilityException}.
 */
public abstract class ForwardingFsmStorage implements CounterStorage, ThrottleStorage, DeadlineIndex, PrivacyStorage {

    private final FsmStorage delegate;

    private final @Nullable CounterStorage counters;

    private final @Nullable ThrottleStorage throttles;

    private final @Nullable DeadlineIndex deadlines;

    private final @Nullable PrivacyStorage privacy;

    /**
     * Wraps a storage; its capabilities are looked up once, here.
     *
     * @param delegate the storage the calls go to
     */
    protected ForwardingFsmStorage(FsmStorage delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
        this.counters = delegate.capability(CounterStorage.class).orElse(null);
        this.throttles = delegate.capability(ThrottleStorage.class).orElse(null);
        this.deadlines = delegate.capability(DeadlineIndex.class).orElse(null);
        this.privacy = delegate.capability(PrivacyStorage.class).orElse(null);
    }

    /**
     * Returns the wrapped storage.
     *
     * @return the delegate
     */
    public final FsmStorage delegate() {
        return delegate;
    }

    /**
     * Makes one call to the delegate. This default just makes it; a decorator counts, times or
     * fails it around {@code call.get()}.
     *
     * @param <T> the call's result
     * @param operation the name of the method called
     * @param call the call to the delegate
     * @return what the call returned
     */
    protected <T> T call(String operation, Supplier<T> call) {
        return call.get();
    }

    private void run(String operation, Runnable call) {
        call(operation, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Returns this decorator for every type it is, so that calls to a capability pass through it:
     * {@link ThrottleStorage} and {@link DeadlineIndex} always (with their fallbacks where the
     * delegate lacks them), {@link CounterStorage} and {@link PrivacyStorage} only when the
     * delegate has them. Any other type is asked of the delegate.
     */
    @Override
    public <T> Optional<T> capability(Class<T> type) {
        Objects.requireNonNull(type, "type must not be null");
        if (!type.isInstance(this)) {
            return delegate.capability(type);
        }
        if ((type == CounterStorage.class && counters == null) || (type == PrivacyStorage.class && privacy == null)) {
            return Optional.empty();
        }
        return Optional.of(type.cast(this));
    }

    // ------------------------------------------------------------------ records and leases

    @Override
    public Map<StorageKey, FsmRecord> loadAll(Collection<StorageKey> keys) {
        return call("loadAll", () -> delegate.loadAll(keys));
    }

    @Override
    public void save(WriteBatch batch) {
        run("save", () -> delegate.save(batch));
    }

    @Override
    public void saveTogether(List<WriteBatch> batches) {
        run("saveTogether", () -> delegate.saveTogether(batches));
    }

    @Override
    public List<RuntimeException> saveEach(List<WriteBatch> batches) {
        return call("saveEach", () -> delegate.saveEach(batches));
    }

    @Override
    public long purge(Collection<StorageKey> keys) {
        return call("purge", () -> delegate.purge(keys));
    }

    @Override
    public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys) {
        return call("lockAndLoad", () -> delegate.lockAndLoad(lockKey, lease, keys));
    }

    @Override
    public boolean loadsTogether(StorageKey conversation, StorageKey other) {
        return delegate.loadsTogether(conversation, other);
    }

    @Override
    public boolean writesTogether(StorageKey conversation, StorageKey other) {
        return delegate.writesTogether(conversation, other);
    }

    @Override
    public boolean renewLock(StorageKey lockKey, Lease lease) {
        return call("renewLock", () -> delegate.renewLock(lockKey, lease));
    }

    @Override
    public boolean unlock(StorageKey lockKey, Lease lease) {
        return call("unlock", () -> delegate.unlock(lockKey, lease));
    }

    @Override
    public Stream<StorageKey> listKeys(String pattern) {
        return call("listKeys", () -> delegate.listKeys(pattern));
    }

    @Override
    public long clearNamespace() {
        return call("clearNamespace", delegate::clearNamespace);
    }

    @Override
    public StorageHealth health() {
        return call("health", delegate::health);
    }

    @Override
    public void start() {
        run("start", delegate::start);
    }

    @Override
    public void stop() {
        run("stop", delegate::stop);
    }

    @Override
    public @Nullable Duration defaultTtl() {
        return call("defaultTtl", delegate::defaultTtl);
    }

    // ------------------------------------------------------------------ conveniences

    @Override
    public FsmRecord load(StorageKey key) {
        return call("load", () -> delegate.load(key));
    }

    @Override
    public FsmRecord change(StorageKey key, UnaryOperator<@Nullable FsmRecord> change, @Nullable Duration ttl) {
        return call("change", () -> delegate.change(key, change, ttl));
    }

    @Override
    public @Nullable String getState(StorageKey key) {
        return call("getState", () -> delegate.getState(key));
    }

    @Override
    public void setState(StorageKey key, @Nullable String state) {
        run("setState", () -> delegate.setState(key, state));
    }

    @Override
    public Map<String, @Nullable Object> getData(StorageKey key) {
        return call("getData", () -> delegate.getData(key));
    }

    @Override
    public void setData(StorageKey key, Map<String, @Nullable Object> data) {
        run("setData", () -> delegate.setData(key, data));
    }

    @Override
    public Map<String, @Nullable Object> updateData(StorageKey key, Map<String, @Nullable Object> patch) {
        return call("updateData", () -> delegate.updateData(key, patch));
    }

    @Override
    public @Nullable Object getValue(StorageKey key, String name) {
        return call("getValue", () -> delegate.getValue(key, name));
    }

    @Override
    public boolean compareAndSet(StorageKey key, @Nullable String expectedState, @Nullable String newState,
            @Nullable Duration ttl) {
        return call("compareAndSet", () -> delegate.compareAndSet(key, expectedState, newState, ttl));
    }

    @Override
    public boolean delete(StorageKey key) {
        return call("delete", () -> delegate.delete(key));
    }

    // ------------------------------------------------------------------ counters

    /**
     * {@inheritDoc}
     *
     * @throws MissingCapabilityException if the delegate has no counters
     */
    @Override
    public long increment(String counter, long amount, @Nullable Duration ttl) {
        CounterStorage target = counters;
        if (target == null) {
            throw new MissingCapabilityException(CounterStorage.class, "a call of increment", this);
        }
        return call("increment", () -> target.increment(counter, amount, ttl));
    }

    // ------------------------------------------------------------------ throttling

    @Override
    public ThrottleResult throttle(StorageKey bucket, Instant now, Duration increment, Duration capacity) {
        ThrottleStorage target = throttles;
        return call("throttle", () -> target != null ? target.throttle(bucket, now, increment, capacity)
                : Throttling.throttleInRecord(delegate, bucket, now, increment, capacity));
    }

    @Override
    public boolean throttlesWithLock(StorageKey lockKey, StorageKey bucket) {
        return throttles != null && throttles.throttlesWithLock(lockKey, bucket);
    }

    @Override
    public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys,
            ThrottleRequest throttle) {
        ThrottleStorage target = throttles;
        return call("lockAndLoad", () -> target != null ? target.lockAndLoad(lockKey, lease, keys, throttle)
                : Throttling.lockThenLoad(delegate, this::throttleInDelegate, lockKey, lease, keys, throttle));
    }

    @Override
    public boolean throttlesWithLoad(StorageKey key, StorageKey bucket) {
        return throttles != null && throttles.throttlesWithLoad(key, bucket);
    }

    @Override
    public LockAttempt throttleAndLoad(Collection<StorageKey> keys, ThrottleRequest throttle) {
        ThrottleStorage target = throttles;
        return call("throttleAndLoad", () -> target != null ? target.throttleAndLoad(keys, throttle)
                : Throttling.throttleThenLoad(delegate, this::throttleInDelegate, keys, throttle));
    }

    private ThrottleResult throttleInDelegate(ThrottleRequest step) {
        return Throttling.throttleInRecord(delegate, step.bucket(), step.now(), step.increment(), step.capacity());
    }

    // ------------------------------------------------------------------ deadline index

    @Override
    public boolean commitsDeadlines() {
        return deadlines != null && deadlines.commitsDeadlines();
    }

    @Override
    public void scheduleDeadline(StorageKey key, Instant at) {
        DeadlineIndex target = deadlines;
        run("scheduleDeadline", () -> {
            if (target != null) {
                target.scheduleDeadline(key, at);
                return;
            }
            Objects.requireNonNull(key, "key must not be null");
            Objects.requireNonNull(at, "at must not be null");
            DefaultDeadlineIndex.schedule(delegate, key, at);
        });
    }

    @Override
    public List<DueDeadline> claimDue(Instant now, int limit, Duration lease) {
        DeadlineIndex target = deadlines;
        return call("claimDue", () -> {
            if (target != null) {
                return target.claimDue(now, limit, lease);
            }
            DefaultDeadlineIndex.check(now, limit, lease);
            return DefaultDeadlineIndex.claim(delegate, null, now, limit, lease);
        });
    }

    @Override
    public List<DueDeadline> claimDue(long botId, Instant now, int limit, Duration lease) {
        DeadlineIndex target = deadlines;
        return call("claimDue", () -> {
            if (target != null) {
                return target.claimDue(botId, now, limit, lease);
            }
            DefaultDeadlineIndex.check(now, limit, lease);
            return DefaultDeadlineIndex.claim(delegate, botId, now, limit, lease);
        });
    }

    @Override
    public boolean cancelDeadline(StorageKey key, @Nullable Instant expected) {
        DeadlineIndex target = deadlines;
        return call("cancelDeadline", () -> {
            if (target != null) {
                return target.cancelDeadline(key, expected);
            }
            Objects.requireNonNull(key, "key must not be null");
            return DefaultDeadlineIndex.cancel(delegate, key, expected);
        });
    }

    // ------------------------------------------------------------------ user data

    /**
     * {@inheritDoc}
     *
     * @throws MissingCapabilityException if the delegate cannot find a user's data
     */
    @Override
    public UserDataStorage userData() {
        if (privacy == null) {
            throw new MissingCapabilityException(PrivacyStorage.class, "a call of userData", this);
        }
        return privacy.userData();
    }
}
