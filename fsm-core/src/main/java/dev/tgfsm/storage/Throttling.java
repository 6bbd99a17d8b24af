package dev.tgfsm.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;

/**
 * Conversions between {@code java.time} values and the microsecond counts that
 * {@link ThrottleStorage#throttle} works in, shared by every backend's implementation.
 */
public final class Throttling {

    private Throttling() {
    }

    /**
     * Returns an instant as microseconds since the epoch.
     *
     * @param instant the instant
     * @return the microseconds
     */
    public static long micros(Instant instant) {
        Objects.requireNonNull(instant, "now must not be null");
        return TimeUnit.SECONDS.toMicros(instant.getEpochSecond()) + instant.getNano() / 1_000;
    }

    /**
     * Returns a duration in microseconds, failing unless it is at least one.
     *
     * @param duration the duration
     * @param name the parameter's name, for the message
     * @return the microseconds
     * @throws IllegalArgumentException if shorter than a microsecond
     */
    public static long positiveMicros(Duration duration, String name) {
        Objects.requireNonNull(duration, name + " must not be null");
        long micros = TimeUnit.NANOSECONDS.toMicros(duration.toNanos());
        if (micros <= 0) {
            throw new IllegalArgumentException(name + " must be at least one microsecond, was " + duration);
        }
        return micros;
    }

    /**
     * One step of the generic cell rate algorithm on a bucket kept as a record, whose metadata
     * {@value ThrottleStorage#THROTTLE_META} holds the theoretical arrival time in microseconds (the
     * layout of {@link ThrottleStorage#throttle}'s default, for backends that keep buckets as records).
     *
     * @param bucket the bucket as stored, {@link FsmRecord#EMPTY} when absent
     * @param request the step
     * @return the decision, and the record to store when admitted
     */
    public static Step step(FsmRecord bucket, ThrottleRequest request) {
        long now = micros(request.now());
        Object raw = bucket.meta().get(ThrottleStorage.THROTTLE_META);
        long tat = raw instanceof Number n ? Math.max(n.longValue(), now) : now;
        long next = tat + positiveMicros(request.increment(), "increment");
        if (next - now > positiveMicros(request.capacity(), "capacity")) {
            return new Step(new ThrottleResult(false, instant(tat)), bucket);
        }
        Map<String, Object> meta = new LinkedHashMap<>(bucket.meta());
        meta.put(ThrottleStorage.THROTTLE_META, next);
        return new Step(new ThrottleResult(true, instant(next)), bucket.withMeta(meta));
    }

    /**
     * What {@link #step} decided.
     *
     * @param result the decision
     * @param record the bucket's record to store when admitted (unchanged when refused)
     */
    public record Step(ThrottleResult result, FsmRecord record) {
    }

    /**
     * Returns the instant a number of microseconds after the epoch.
     *
     * @param micros the microseconds
     * @return the instant
     */
    public static Instant instant(long micros) {
        return Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1_000L));
    }

    /**
     * The default of {@link ThrottleStorage#throttle}: the bucket kept in a record of
     * {@code storage}, changed with {@link FsmStorage#change}.
     */
    static ThrottleResult throttleInRecord(FsmStorage storage, StorageKey bucket, Instant now, Duration increment,
            Duration capacity) {
        Objects.requireNonNull(bucket, "bucket must not be null");
        ThrottleRequest request = new ThrottleRequest(bucket, now, increment, capacity);
        ThrottleResult[] outcome = new ThrottleResult[1];
        FsmRecord stored = storage.change(bucket, r -> {
            Step step = step(r, request);
            outcome[0] = step.result();
            return step.record();
        }, capacity);
        Objects.requireNonNull(stored, "change returned null");
        return outcome[0];
    }

    /** The default of {@link ThrottleStorage#lockAndLoad(StorageKey, Lease, Collection, ThrottleRequest)}. */
    static LockAttempt lockThenLoad(FsmStorage storage, Function<ThrottleRequest, ThrottleResult> step,
            StorageKey lockKey, Lease lease, Collection<StorageKey> keys, @Nullable ThrottleRequest throttle) {
        if (throttle == null) {
            return storage.lockAndLoad(lockKey, lease, keys);
        }
        ThrottleResult result = step.apply(throttle);
        if (!result.admitted()) {
            return LockAttempt.throttled(result);
        }
        return storage.lockAndLoad(lockKey, lease, keys).withThrottle(result);
    }

    /** The default of {@link ThrottleStorage#throttleAndLoad}. */
    static LockAttempt throttleThenLoad(FsmStorage storage, Function<ThrottleRequest, ThrottleResult> step,
            Collection<StorageKey> keys, ThrottleRequest throttle) {
        ThrottleResult result = step.apply(throttle);
        if (!result.admitted()) {
            return LockAttempt.throttled(result);
        }
        return LockAttempt.acquired(keys.isEmpty() ? Map.of() : storage.loadAll(keys)).withThrottle(result);
    }
}
