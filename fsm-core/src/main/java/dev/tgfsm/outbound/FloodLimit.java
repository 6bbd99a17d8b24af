package dev.tgfsm.outbound;

import java.time.Duration;
import java.util.Objects;

/**
 * One of Telegram's limits as a GCRA bucket: {@code permits} per {@code period}, evenly spaced, with
 * up to {@code burst} permits granted back to back after a quiet time. In any window of one period a
 * bucket grants at most {@code permits + burst - 1}.
 *
 * @param permits permits per period, at least 1
 * @param period the period, positive
 * @param burst how many permits may go out back to back, at least 1
 */
public record FloodLimit(int permits, Duration period, int burst) {

    /**
     * Validates the limit.
     *
     * @param permits permits per period, at least 1
     * @param period the period, positive, at least one microsecond per permit
     * @param burst how many permits may go out back to back, at least 1
     */
    public FloodLimit {
        Objects.requireNonNull(period, "period must not be null");
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, was " + permits);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, was " + burst);
        }
        if (period.dividedBy(permits).toNanos() < 1_000) {
            throw new IllegalArgumentException("period / permits must be at least one microsecond, was "
                    + period + " / " + permits);
        }
    }

    /**
     * Returns the time between two permits at the sustained rate.
     *
     * @return {@code period / permits}
     */
    public Duration interval() {
        return period.dividedBy(permits);
    }

    /**
     * Returns how far ahead of now the bucket may be booked: {@code interval * burst}.
     *
     * @return the tolerance
     */
    public Duration tolerance() {
        return interval().multipliedBy(burst);
    }
}
