package dev.tgfsm.storage;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;

/**
 * The outcome of {@link FsmStorage#lockAndLoad}: either the lock was taken and the records were
 * read in the same step, or another holder has it for some time yet, or (when a rate-limit step
 * rode with the request) the request was throttled and nothing else was done.
 *
 * @param acquired whether the caller now holds the lock
 * @param records the records read, keyed as asked (empty when not acquired)
 * @param holderRemaining how long the current holder's lease still runs when busy, else zero
 * @param throttle what the rate-limit step that rode with the request decided, or {@code null} when
 *        none did; when it refused, the lock was not taken and nothing was loaded
 */
public record LockAttempt(boolean acquired, Map<StorageKey, FsmRecord> records, Duration holderRemaining,
        @Nullable ThrottleResult throttle) {

    /**
     * Copies the map.
     *
     * @param acquired whether the caller now holds the lock
     * @param records the records read, keyed as asked; copied
     * @param holderRemaining how long the current holder's lease still runs when not acquired, else zero
     * @param throttle the decision of a rate-limit step that rode with the request, or {@code null}
     */
    public LockAttempt {
        records = Map.copyOf(records);
        Objects.requireNonNull(holderRemaining, "holderRemaining must not be null");
        if (acquired && throttle != null && !throttle.admitted()) {
            throw new IllegalArgumentException("a throttled request cannot have taken the lock");
        }
    }

    /**
     * An attempt without a rate-limit step.
     *
     * @param acquired whether the caller now holds the lock
     * @param records the records read
     * @param holderRemaining how long the current holder's lease still runs when busy
     */
    public LockAttempt(boolean acquired, Map<StorageKey, FsmRecord> records, Duration holderRemaining) {
        this(acquired, records, holderRemaining, null);
    }

    /**
     * A successful attempt.
     *
     * @param records the records read
     * @return the attempt
     */
    public static LockAttempt acquired(Map<StorageKey, FsmRecord> records) {
        return new LockAttempt(true, records, Duration.ZERO);
    }

    /**
     * A failed attempt.
     *
     * @param holderRemaining the time left on the holder's lease
     * @return the attempt
     */
    public static LockAttempt busy(Duration holderRemaining) {
        return new LockAttempt(false, Map.of(), holderRemaining);
    }

    /**
     * An attempt stopped by the rate-limit step that rode with it: the lock was not taken.
     *
     * @param refused the refusing result
     * @return the attempt
     */
    public static LockAttempt throttled(ThrottleResult refused) {
        if (refused.admitted()) {
            throw new IllegalArgumentException("the result admitted the request");
        }
        return new LockAttempt(false, Map.of(), Duration.ZERO, refused);
    }

    /**
     * This attempt with the result of the rate-limit step that rode with it and admitted it.
     *
     * @param admitted the admitting result
     * @return the attempt
     */
    public LockAttempt withThrottle(ThrottleResult admitted) {
        return new LockAttempt(acquired, records, holderRemaining, admitted);
    }

    /**
     * Tells whether the rate-limit step that rode with the request refused it.
     *
     * @return {@code true} if throttled (the lock was not taken)
     */
    public boolean throttled() {
        return throttle != null && !throttle.admitted();
    }
}
