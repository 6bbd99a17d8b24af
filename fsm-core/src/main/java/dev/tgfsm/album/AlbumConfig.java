package dev.tgfsm.album;

import java.time.Duration;
import java.util.Objects;

import dev.tgfsm.FsmConfigurationException;

/**
 * How albums are gathered.
 *
 * @param quietTime an album is handled once no part of it came for this long
 * @param takeOverAfter how long after the quiet time another instance handles an album whose
 *        instance is gone (stopped or killed before it handled it)
 * @param maxParts an album with this many parts is handled at once, without waiting for the quiet
 *        time (Telegram sends at most 10); later parts make a late album
 */
public record AlbumConfig(Duration quietTime, Duration takeOverAfter, int maxParts) {

    /** The default quiet time: 500 ms. */
    public static final Duration DEFAULT_QUIET_TIME = Duration.ofMillis(500);

    /** The default take-over delay: 2 s. */
    public static final Duration DEFAULT_TAKE_OVER_AFTER = Duration.ofSeconds(2);

    /** The default largest album: 10 parts, Telegram's limit. */
    public static final int DEFAULT_MAX_PARTS = 10;

    /**
     * Validates the settings.
     *
     * @param quietTime an album is handled once no part of it came for this long, positive
     * @param takeOverAfter how long after the quiet time another instance takes an orphaned album, positive
     * @param maxParts an album with this many parts is handled at once, at least 1
     * @throws FsmConfigurationException if a duration is not positive or {@code maxParts < 1}
     */
    public AlbumConfig {
        positive(quietTime, "quietTime", "tgfsm.albums.quiet-time");
        positive(takeOverAfter, "takeOverAfter", "tgfsm.albums.take-over-after");
        if (maxParts < 1) {
            throw new FsmConfigurationException("The largest album must have at least 1 part, was " + maxParts,
                    "Set tgfsm.albums.max-parts to 10 (Telegram's limit) or another positive number");
        }
    }

    /**
     * Returns the defaults: 500 ms quiet time, take-over 2 s after it, 10 parts.
     *
     * @return the defaults
     */
    public static AlbumConfig ofDefaults() {
        return new AlbumConfig(DEFAULT_QUIET_TIME, DEFAULT_TAKE_OVER_AFTER, DEFAULT_MAX_PARTS);
    }

    /**
     * Returns these settings with another quiet time.
     *
     * @param value the quiet time
     * @return the settings
     */
    public AlbumConfig withQuietTime(Duration value) {
        return new AlbumConfig(value, takeOverAfter, maxParts);
    }

    private static void positive(Duration value, String name, String property) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.toMillis() < 1) {
            throw new FsmConfigurationException("The album " + name + " must be at least 1 ms, was " + value,
                    "Set " + property + " to a positive duration such as 500ms");
        }
    }
}
