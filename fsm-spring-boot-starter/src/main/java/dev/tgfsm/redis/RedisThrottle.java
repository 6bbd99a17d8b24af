package dev.tgfsm.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Microsecond conversions for the GCRA script of {@link RedisFsmStorage#throttle}.
 */
final class RedisThrottle {

    private RedisThrottle() {
    }

    static long micros(Instant instant) {
        Objects.requireNonNull(instant, "now must not be null");
        return TimeUnit.SECONDS.toMicros(instant.getEpochSecond()) + instant.getNano() / 1_000;
    }

    static long positiveMicros(Duration duration, String name) {
        Objects.requireNonNull(duration, name + " must not be null");
        long micros = TimeUnit.NANOSECONDS.toMicros(duration.toNanos());
        if (micros <= 0) {
            throw new IllegalArgumentException(name + " must be at least one microsecond, was " + duration);
        }
        return micros;
    }

    static Instant instant(long micros) {
        return Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1_000L));
    }
}
