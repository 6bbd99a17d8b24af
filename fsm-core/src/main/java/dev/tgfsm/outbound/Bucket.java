package dev.tgfsm.outbound;

import java.time.Duration;
import java.util.Objects;

/**
 * One GCRA bucket of a permit request: its name (unique within a {@link PermitStore}'s namespace), the
 * time one permit books ({@code interval}), and how far ahead of now the bucket may be booked for this
 * request to be granted ({@code tolerance}, at least the interval).
 *
 * <p>Part of the {@link PermitStore} SPI: an application that replaces the store bean receives the
 * buckets of each request and keeps one TAT per bucket id and bot.
 *
 * @param id the bucket's name, for example {@code "c:-100123"}
 * @param interval the time one permit books, positive
 * @param tolerance how far ahead the bucket may be booked, at least {@code interval}
 */
public record Bucket(String id, Duration interval, Duration tolerance) {

    /**
     * Validates the bucket.
     *
     * @param id the bucket's name, not blank
     * @param interval the time one permit books, at least one microsecond
     * @param tolerance how far ahead the bucket may be booked, at least {@code interval}
     */
    public Bucket {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(interval, "interval must not be null");
        Objects.requireNonNull(tolerance, "tolerance must not be null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        if (interval.toNanos() < 1_000) {
            throw new IllegalArgumentException("interval must be at least one microsecond, was " + interval);
        }
        if (tolerance.compareTo(interval) < 0) {
            throw new IllegalArgumentException("tolerance must be at least the interval, was " + tolerance);
        }
    }
}
