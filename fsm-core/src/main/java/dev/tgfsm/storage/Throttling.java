package dev.tgfsm.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Conversions between {@code java.time} values and the microsecond counts that
 * {@link FsmStorage#throttle} works in, shared by every backend's implementation.
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
     * Returns the instant a number of microseconds after the epoch.
     *
     * @param micros the microseconds
     * @return the instant
     */
    public static Instant instant(long micros) {
        return Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1_000L));
    }
}
