package dev.tgfsm.transition;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.Internal;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.context.StateChangeListener;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.StorageKey;

/**
 * Enforces a {@link TransitionTable} on the main slot of every unit of work it is
 * {@linkplain #attach attached} to, with a {@link TransitionPolicy} for forbidden transitions.
 * {@link #guarding} wraps a handler so that every update's unit of work is guarded. Thread-safe.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class TransitionGuard implements StateChangeListener {

    private static final Logger log = LoggerFactory.getLogger(TransitionGuard.class);

    private final TransitionTable table;

    private final TransitionPolicy policy;

    /**
     * Creates a guard.
     *
     * @param table the allowed transitions
     * @param policy what to do with a forbidden one
     */
    public TransitionGuard(TransitionTable table, TransitionPolicy policy) {
        this.table = Objects.requireNonNull(table, "table must not be null");
        this.policy = Objects.requireNonNull(policy, "policy must not be null");
    }

    /**
     * Returns the table.
     *
     * @return the table
     */
    public TransitionTable table() {
        return table;
    }

    /**
     * Returns the policy.
     *
     * @return the policy
     */
    public TransitionPolicy policy() {
        return policy;
    }

    /**
     * Guards a unit of work.
     *
     * @param tx the unit of work
     */
    public void attach(FsmTransaction tx) {
        tx.addListener(this);
    }

    /**
     * Wraps a handler so that every update with a conversation is guarded.
     *
     * @param next the handler
     * @return the guarding handler
     */
    public UpdateHandler guarding(UpdateHandler next) {
        Objects.requireNonNull(next, "next must not be null");
        return update -> {
            if (update.hasConversation()) {
                attach(FsmTransactions.of(update.transaction()));
            }
            next.handle(update);
        };
    }

    @Override
    public void stateChanging(StorageKey key, @Nullable String from, @Nullable String to) {
        if (!StorageKey.DEFAULT_DESTINY.equals(key.destiny()) || table.canTransition(from, to)) {
            return;
        }
        switch (policy) {
            case REJECT -> throw new ForbiddenTransitionException(key, from, to, table.allowedFrom(from));
            case LOG -> log.warn("Forbidden transition {} -> {} of {} let through (policy LOG); allowed: {}", from, to,
                    key, table.allowedFrom(from));
            case IGNORE -> {
            }
        }
    }
}
