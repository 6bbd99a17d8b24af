package dev.tgfsm.telegram;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An exponential back-off with jitter for calls to the Bot API: each pause is drawn between half and
 * all of the current step, and the step doubles after every failure up to a cap, so that many
 * instances (or many bots) that lost the Bot API together do not retry in lock-step. Not thread-safe:
 * one per retry loop.
 */
final class BackOff {

    private final Duration first;

    private final Duration max;

    private Duration step;

    BackOff(Duration first, Duration max) {
        this.first = Objects.requireNonNull(first, "first must not be null");
        this.max = Objects.requireNonNull(max, "max must not be null");
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("first must be positive and max at least first; were " + first
                    + " and " + max);
        }
        this.step = first;
    }

    /**
     * Returns the next pause, between half and all of the current step, and doubles the step (capped).
     */
    Duration next() {
        long millis = step.toMillis();
        long pause = millis / 2 + ThreadLocalRandom.current().nextLong(millis - millis / 2 + 1);
        Duration doubled = step.multipliedBy(2);
        step = doubled.compareTo(max) > 0 ? max : doubled;
        return Duration.ofMillis(pause);
    }

    /** Starts again from the first step, after a success. */
    void reset() {
        step = first;
    }
}
