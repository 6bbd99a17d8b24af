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
 */
public final class ConversationLifetime {

    /** The starts of the reserved destinies, which keep their own expiry. */
    public static final List<String> RESERVED_PREFIXES = List.of("rl:", "flood:", "tgfsm.");

    private ConversationLifetime() {
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
