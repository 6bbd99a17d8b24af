package dev.tgfsm.pipeline;

import java.util.Objects;

import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;

/**
 * A step of the {@link UpdatePipeline}: does something with the update, then calls {@code next}
 * to let it go on, or does not, to stop it there. Inside the unit of work whatever it changes is
 * committed with the update; if it throws, nothing is.
 *
 * <p>An application adds its own at a named {@link #phase()} (in Spring: a bean of this type); a
 * lambda runs at {@link Phase#BEFORE_FLOWS}, {@link #at} puts one elsewhere.
 */
@FunctionalInterface
public interface UpdateMiddleware {

    /**
     * Handles the update.
     *
     * @param update the update (with its conversation context inside the unit of work)
     * @param next the rest of the pipeline
     * @throws Exception anything; inside the unit of work nothing of the update is committed
     */
    void handle(UpdateContext update, UpdateHandler next) throws Exception;

    /**
     * Returns where this middleware runs.
     *
     * @return the phase; {@link Phase#BEFORE_FLOWS} unless overridden
     */
    default Phase phase() {
        return Phase.BEFORE_FLOWS;
    }

    /**
     * Tells, for a {@link Phase#BEFORE_LOCK} middleware, whether it will only pass {@code update} on:
     * call {@code next} at once and do nothing else with it (no storage call, no message, no drop).
     * Asked once per update before the rate limit runs. When every {@link Phase#BEFORE_LOCK}
     * middleware passes the update on, the rate limit's check may ride in the conversation's lock
     * request (on Redis: one round trip instead of two), since nothing then runs between the check and the lock;
     * otherwise the check makes its own call before this middleware. A middleware that acts on a few
     * kinds of update only (a service message, say) answers {@code true} for all others, so that they
     * pay nothing for it. Not asked at other phases.
     *
     * @param update the update, with its key but without a conversation context
     * @return {@code true} only if {@link #handle} will call {@code next} and do nothing else;
     *         {@code false} (the default) when it may do anything
     */
    default boolean passesOn(UpdateContext update) {
        return false;
    }

    /**
     * Returns a middleware that runs at the given phase.
     *
     * @param phase where it runs
     * @param middleware what it does
     * @return the middleware
     */
    static UpdateMiddleware at(Phase phase, UpdateMiddleware middleware) {
        Objects.requireNonNull(phase, "phase must not be null");
        Objects.requireNonNull(middleware, "middleware must not be null");
        return new UpdateMiddleware() {

            @Override
            public void handle(UpdateContext update, UpdateHandler next) throws Exception {
                middleware.handle(update, next);
            }

            @Override
            public Phase phase() {
                return phase;
            }

            @Override
            public boolean passesOn(UpdateContext update) {
                return middleware.passesOn(update);
            }

            @Override
            public String toString() {
                return middleware + " at " + phase;
            }
        };
    }
}
