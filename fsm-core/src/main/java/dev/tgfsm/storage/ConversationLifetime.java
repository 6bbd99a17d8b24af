package dev.tgfsm.storage;

import java.util.List;

/**
 * The rule of one lifetime per conversation, shared by every backend: when {@link FsmStorage#save}
 * writes a record of a conversation with a time to live, every other record of that conversation
 * that has a time to live (its history, flow and feature data, every other destiny) is given the
 * same expiry in the same atomic write, so that no part of a conversation expires before the rest
 * ({@code /back} always finds the history of a live state). Records kept without a time to live
 * (preferences, by default) keep theirs, and so do the reserved destinies of rate-limit buckets
 * ({@code rl:}), flood buckets ({@code flood:}) and the engine's own records ({@code tgfsm.}),
 * whose expiry means something of its own.
 *
 * <p><b>Steps.</b> The other records are moved only when the new expiry is later than theirs by more
 * than one {@linkplain #stepMillis step}, {@value #STEP_DIVISOR}th of the time to live (1 %); the
 * record written always gets its full time to live. So a conversation whose updates follow each
 * other closely moves its other records about once per step instead of on every update (on Redis
 * the commit then touches nothing but the records it writes), and any record of a live conversation
 * expires at most one step before the record written last: with a time to live of a day, at most
 * about 15 minutes, never after it.
 */
public final class ConversationLifetime {

    /** The starts of the reserved destinies, which keep their own expiry. */
    public static final List<String> RESERVED_PREFIXES = List.of("rl:", "flood:", "tgfsm.");

    /** The time to live divided by this is the {@linkplain #stepMillis step} of the other records' expiry. */
    public static final int STEP_DIVISOR = 100;

    private ConversationLifetime() {
    }

    /**
     * Returns how much later than a record's expiry the new expiry of its conversation must be for
     * the record to be moved along: {@code ttl / }{@value #STEP_DIVISOR}.
     *
     * @param ttlMillis the time to live of the write, in milliseconds
     * @return the step in milliseconds, 0 for a time to live under {@value #STEP_DIVISOR} ms
     */
    public static long stepMillis(long ttlMillis) {
        return ttlMillis / STEP_DIVISOR;
    }

    /**
     * Tells whether records in a destiny share their conversation's lifetime.
     *
     * @param destiny the destiny
     * @return {@code false} for the reserved destinies, {@code true} for every other
     */
    public static boolean shares(String destiny) {
        for (int i = 0; i < RESERVED_PREFIXES.size(); i++) {
            if (destiny.startsWith(RESERVED_PREFIXES.get(i))) {
                return false;
            }
        }
        return true;
    }
}
