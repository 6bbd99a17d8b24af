package dev.tgfsm.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

import dev.tgfsm.key.StorageKey;

/**
 * An optional capability of a {@link FsmStorage}: rate-limit buckets (the generic cell rate
 * algorithm), checked alone or in the same round trip as a lock or a load. The rate limit and the
 * outbound flood control use it.
 *
 * <p>Every method has a default built on the core: {@link #throttle} keeps the bucket in a record
 * and changes it with {@link #change}, and the combined calls make two calls one after the other.
 * A backend implements this interface to say it has buckets of its own and overrides what it does
 * in fewer round trips. For a backend without it, {@link #of} supplies those defaults, so no
 * feature fails for lack of it.
 *
 * <p>Each call is atomic on its bucket; a bucket never written, or expired, counts as empty (its
 * theoretical arrival time is the caller's now). Arguments are never {@code null} except the
 * rate-limit step of {@link #lockAndLoad(StorageKey, Lease, Collection, ThrottleRequest)}.
 */
public interface ThrottleStorage extends FsmStorage {

    /** The metadata entry that {@link #throttle}'s default keeps the theoretical arrival time in. */
    String THROTTLE_META = "tat";

    /**
     * Returns a storage's throttling: its own if it has the capability, else the defaults of this
     * interface built on its records.
     *
     * @param storage the storage
     * @return its throttling, never {@code null}
     */
    static ThrottleStorage of(FsmStorage storage) {
        Objects.requireNonNull(storage, "storage must not be null");
        return storage.capability(ThrottleStorage.class).orElseGet(() -> new DefaultCapabilities(storage));
    }

    /**
     * One step of the generic cell rate algorithm (GCRA), atomically: reads the bucket's theoretical
     * arrival time {@code tat} (absent or expired meaning {@code now}), computes
     * {@code next = max(tat, now) + increment}, and if {@code next - now <= capacity} stores
     * {@code next} (expiring no earlier than when it is reached) and admits, else leaves the bucket as it was and
     * refuses. Concurrent calls on one bucket never admit more than the algorithm allows. Times are
     * kept to the microsecond.
     *
     * <p>This default keeps the TAT in the metadata of the record at {@code bucket}
     * ({@value #THROTTLE_META}, microseconds since the epoch) and changes it with
     * {@link #change} and a time to live of {@code capacity}: a read then a version-checked write (two round trips, retried on conflict;
     * a refusal writes nothing). Backends override it with one round trip and may keep the bucket
     * elsewhere (then it does not show up as a record), as long as {@link #clearNamespace} removes it.
     *
     * @param bucket the bucket, a key of its own (for example a destiny reserved for the limiter)
     * @param now the caller's current time
     * @param increment the cost of this request: the emission interval times the permits asked for
     * @param capacity how far ahead of {@code now} the TAT may run: the emission interval times the
     *        burst
     * @return whether admitted, and the TAT after the call
     */
    default ThrottleResult throttle(StorageKey bucket, Instant now, Duration increment, Duration capacity) {
        return Throttling.throttleInRecord(this, bucket, now, increment, capacity);
    }

    /**
     * Tells whether {@link #lockAndLoad(StorageKey, Lease, Collection, ThrottleRequest)} checks a
     * rate-limit bucket in the same round trip as the lock of a conversation, so that a rate limit
     * may hand its check to the lock request instead of making its own call.
     *
     * <p>This default says {@code false}. A backend that says {@code true} must give the combined
     * call the same semantics as {@link #throttle} followed, if admitted, by {@link #lockAndLoad}.
     *
     * @param lockKey any key of the conversation
     * @param bucket the rate-limit bucket
     * @return {@code true} if both fit in one round trip
     */
    default boolean throttlesWithLock(StorageKey lockKey, StorageKey bucket) {
        return false;
    }

    /**
     * Runs a rate-limit step ({@link #throttle}) and, only if it admitted the request, tries once to
     * take the conversation's lock and load records ({@link #lockAndLoad}). A refused request takes
     * no lock and loads nothing ({@link LockAttempt#throttled()}); an admitted one reports the
     * step's result in {@link LockAttempt#throttle()} whether the lock was free or busy.
     *
     * <p>This default makes the two calls one after the other; a backend whose
     * {@link #throttlesWithLock} says {@code true} does both in one round trip. A failure (the store
     * unavailable) leaves unknown whether the step counted.
     *
     * @param lockKey any key of the conversation
     * @param lease the lease to take
     * @param keys records to load when the lock is taken, possibly empty
     * @param throttle the rate-limit step, or {@code null} for none
     * @return the attempt
     */
    default LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys,
            ThrottleRequest throttle) {
        return Throttling.lockThenLoad(this, step -> throttle(step.bucket(), step.now(), step.increment(),
                step.capacity()), lockKey, lease, keys, throttle);
    }

    /**
     * Tells whether {@link #throttleAndLoad} checks a rate-limit bucket with fewer calls than
     * {@link #throttle} followed by {@link #loadAll}, so that a rate limit may hand its check to the
     * load of an unlocked unit of work instead of making its own call.
     *
     * <p>This default says {@code false}.
     *
     * @param key any key of the conversation
     * @param bucket the rate-limit bucket
     * @return {@code true} if the combined call saves a call
     */
    default boolean throttlesWithLoad(StorageKey key, StorageKey bucket) {
        return false;
    }

    /**
     * Runs a rate-limit step ({@link #throttle}) and, only if it admitted the request, loads records
     * ({@link #loadAll}), without any lock: the first load of an unlocked unit of work. A refused
     * request loads nothing ({@link LockAttempt#throttled()}); an admitted one is
     * {@linkplain LockAttempt#acquired() acquired} with the records (a missing one as
     * {@link FsmRecord#EMPTY}) and reports the step's result in {@link LockAttempt#throttle()}. The
     * step's permit is booked by this call, never by a later write.
     *
     * <p>This default makes the two calls one after the other; a backend whose
     * {@link #throttlesWithLoad} says {@code true} saves a call. A failure (the store unavailable)
     * leaves unknown whether the step counted.
     *
     * @param keys records to load when admitted, possibly empty
     * @param throttle the rate-limit step
     * @return the attempt
     */
    default LockAttempt throttleAndLoad(Collection<StorageKey> keys, ThrottleRequest throttle) {
        return Throttling.throttleThenLoad(this, step -> throttle(step.bucket(), step.now(), step.increment(),
                step.capacity()), keys, throttle);
    }
}
