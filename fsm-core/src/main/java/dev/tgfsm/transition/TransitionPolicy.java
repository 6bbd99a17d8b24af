package dev.tgfsm.transition;

/**
 * What a {@link TransitionGuard} does with a transition its {@link TransitionTable} forbids.
 */
public enum TransitionPolicy {

    /** Throw a {@link ForbiddenTransitionException}: the state stays and, unless the handler catches it, nothing of the update is committed. */
    REJECT,

    /** Log a warning and let the transition happen. */
    LOG,

    /** Let the transition happen silently. */
    IGNORE
}
