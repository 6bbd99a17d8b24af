package dev.tgfsm.transition;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmException;
import dev.tgfsm.key.StorageKey;

/**
 * Thrown when a handler moves a conversation along a transition its {@link TransitionTable} does
 * not allow (policy {@link TransitionPolicy#REJECT}). The state is left as it was.
 */
public class ForbiddenTransitionException extends FsmException {

    private static final long serialVersionUID = 1L;

    private final transient StorageKey key;

    /** The state before, or {@code null} for no state. */
    private final @Nullable String from;

    /** The state refused, or {@code null} for no state. */
    private final @Nullable String to;

    /**
     * Creates the exception.
     *
     * @param key the conversation
     * @param from the state before, or {@code null}
     * @param to the state refused, or {@code null}
     * @param allowed the states that are allowed from {@code from}
     */
    public ForbiddenTransitionException(StorageKey key, @Nullable String from, @Nullable String to,
            Set<String> allowed) {
        super("Transition " + name(from) + " -> " + name(to) + " is not allowed for " + key
                + "; allowed from " + name(from) + ": " + (allowed.isEmpty() ? "none" : allowed));
        this.key = key;
        this.from = from;
        this.to = to;
    }

    private static String name(@Nullable String state) {
        return state == null ? "(no state)" : "'" + state + "'";
    }

    /**
     * Returns the conversation.
     *
     * @return the key
     */
    public StorageKey key() {
        return key;
    }

    /**
     * Returns the state before.
     *
     * @return the state id, or {@code null}
     */
    public @Nullable String from() {
        return from;
    }

    /**
     * Returns the state refused.
     *
     * @return the state id, or {@code null}
     */
    public @Nullable String to() {
        return to;
    }
}
