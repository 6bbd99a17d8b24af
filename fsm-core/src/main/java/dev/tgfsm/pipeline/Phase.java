package dev.tgfsm.pipeline;

import dev.tgfsm.dispatch.UpdateContext;

/**
 * Where in the {@link UpdatePipeline} an application's {@link UpdateMiddleware} runs. The built-in
 * steps sit between them as listed; middleware of one phase runs in the order it was added.
 */
public enum Phase {

    /**
     * Before the conversation is locked and loaded, after the rate limit: the update has its key
     * but no context ({@link UpdateContext#hasConversation()} is {@code false}).
     * Not calling {@code next} drops the update at the cost of nothing more than this middleware.
     */
    BEFORE_LOCK,

    /**
     * Inside the unit of work, right after the lock and the load, before the garbage registry and
     * the idle timeouts.
     */
    AFTER_LOAD,

    /** Inside the unit of work, after the garbage registry and the idle timeouts, before flows. */
    BEFORE_FLOWS,

    /**
     * Inside the unit of work, after flows and scenes passed the update on, right before the
     * application's handler.
     */
    BEFORE_HANDLER
}
