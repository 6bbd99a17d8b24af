package dev.tgfsm.routing;

import dev.tgfsm.Internal;
import dev.tgfsm.dispatch.UpdateContext;

/**
 * The code a route runs when it matches.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
@FunctionalInterface
public interface RouteHandler {

    /**
     * Handles a matched update.
     *
     * @param update the update with its conversation context
     * @param match what the route's filters found (command, pattern groups, callback data)
     * @throws Exception anything; the update's changes are then dropped
     */
    void handle(UpdateContext update, RouteMatch match) throws Exception;
}
