package dev.tgfsm.ratelimit;

import dev.tgfsm.dispatch.UpdateContext;

/**
 * Told what {@link RateLimitingHandler} decided for each update, for metrics and logs. Called on the
 * worker thread; must be quick and must not throw.
 */
public interface RateLimitListener {

    /** A listener that ignores everything. */
    RateLimitListener NONE = new RateLimitListener() {};

    /**
     * An update was let through.
     *
     * @param update the update
     * @param decision the decision (possibly {@linkplain RateLimiter.Decision#degraded() degraded})
     */
    default void allowed(UpdateContext update, RateLimiter.Decision decision) {
    }

    /**
     * An update was dropped.
     *
     * @param update the update
     * @param decision the decision, with its {@code retryAfter}
     * @param notified whether the user was sent the notice for it
     */
    default void throttled(UpdateContext update, RateLimiter.Decision decision, boolean notified) {
    }
}
