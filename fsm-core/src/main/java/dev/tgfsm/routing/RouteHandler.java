package dev.tgfsm.routing;

import dev.tgfsm.dispatch.UpdateContext;

/**
 * The code a route runs when it matches, given what the route's filters found: the general form of a
 * route's handler ({@link RouteBuilder#handle(RouteHandler)}, {@link Router.Builder#fallback}), on
 * which the typed {@link EventHandler}s and the starter's annotated methods are built.
 *
 * <p>Part of the API: a framework-free router needs it for the fallback and for routes that read
 * the command's arguments or the pattern's groups ({@link RouteMatch}).
 */
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
