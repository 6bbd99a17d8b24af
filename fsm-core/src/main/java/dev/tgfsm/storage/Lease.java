package dev.tgfsm.storage;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A claim on a conversation's lock: a random token that only its holder knows, and how long the
 * lock lasts unless renewed.
 *
 * @param token the holder's secret, unique per acquisition
 * @param duration how long the lock is held after it is taken or renewed
 */
public record Lease(String token, Duration duration) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Validates the lease.
     *
     * @param token the holder's secret, not blank
     * @param duration how long the lock is held, at least 1 ms
     */
    public Lease {
        Objects.requireNonNull(token, "token must not be null");
        Objects.requireNonNull(duration, "duration must not be null");
        if (token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
        if (duration.toMillis() <= 0) {
            throw new IllegalArgumentException("lease duration must be at least 1 ms, was " + duration);
        }
    }

    /**
     * A lease with a fresh random token.
     *
     * @param duration how long the lock is held
     * @return the lease
     */
    public static Lease random(Duration duration) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new Lease(HexFormat.of().formatHex(bytes), duration);
    }
}
