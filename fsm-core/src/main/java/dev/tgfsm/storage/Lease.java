package dev.tgfsm.storage;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A claim on a conversation's lock: a random token that only its holder knows, how long the lock
 * lasts unless renewed, and the turn it asks for.
 *
 * <p>The turn is the Telegram update id the lock is taken for, or {@link #NO_TURN} for work from
 * outside an update. A lock request with a turn that finds the conversation busy announces its turn
 * in the store for as long as its lease would last; a free lock is granted only to the lowest turn
 * announced and still live, so the updates of one conversation that are waiting at the same time,
 * on any instances, take the lock in update-id order. A request without a turn neither announces
 * nor waits for announced turns.
 *
 * @param token the holder's secret, unique per acquisition
 * @param duration how long the lock is held after it is taken or renewed
 * @param turn the update id the lock is taken for, or {@link #NO_TURN}
 */
public record Lease(String token, Duration duration, long turn) {

    /** The turn of a lock taken for work from outside an update: it neither announces nor waits. */
    public static final long NO_TURN = -1;

    private static final HexFormat HEX = HexFormat.of();

    /**
     * Validates the lease.
     *
     * @param token the holder's secret, not blank
     * @param duration how long the lock is held, at least 1 ms
     * @param turn the update id, at least 0, or {@link #NO_TURN}
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
        if (turn < NO_TURN) {
            throw new IllegalArgumentException("turn must be an update id or NO_TURN, was " + turn);
        }
    }

    /**
     * A lease without a turn.
     *
     * @param token the holder's secret, not blank
     * @param duration how long the lock is held, at least 1 ms
     */
    public Lease(String token, Duration duration) {
        this(token, duration, NO_TURN);
    }

    /**
     * Tells whether this lease asks for a turn.
     *
     * @return {@code true} if {@link #turn} is an update id
     */
    public boolean hasTurn() {
        return turn != NO_TURN;
    }

    /**
     * A lease with a fresh random token.
     *
     * @param duration how long the lock is held
     * @return the lease
     */
    public static Lease random(Duration duration) {
        return random(duration, NO_TURN);
    }

    /**
     * A lease with a fresh random token asking for a turn: two draws of the thread's own generator
     * ({@code ThreadLocalRandom}) in 32 hexadecimal digits. A token only has to be unique per
     * acquisition, and is: a thread's generator repeats only after 2^64 draws, the threads of a
     * process draw from distant points of its sequence, and two processes share a state with a
     * chance of 2^-64. {@code SecureRandom} is synchronised across the dispatcher's threads and
     * hashes every draw (about 1 % of the bot's CPU samples end to end, once per update).
     *
     * @param duration how long the lock is held
     * @param turn the update id, or {@link #NO_TURN}
     * @return the lease
     */
    public static Lease random(Duration duration, long turn) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new Lease(HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong()), duration, turn);
    }
}
