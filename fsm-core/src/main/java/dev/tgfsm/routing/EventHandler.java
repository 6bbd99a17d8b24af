package dev.tgfsm.routing;

import dev.tgfsm.dispatch.UpdateContext;

/**
 * The code a route runs, given the typed payload of its {@link UpdateEvent}
 * ({@link RouteBuilder#handle(UpdateEvent, EventHandler)}).
 *
 * @param <T> the payload's type
 */
@FunctionalInterface
public interface EventHandler<T> {

    /**
     * Handles the event.
     *
     * @param event the payload, such as the {@code ChatJoinRequest} of a join request
     * @param update the update being handled, with its conversation
     * @throws Exception anything; the update fails and nothing is committed
     */
    void handle(T event, UpdateContext update) throws Exception;
}
