package dev.tgfsm.annotation;

import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.routing.RouteMatch;

/**
 * Produces one argument of a handler method for an update.
 */
@FunctionalInterface
interface Argument {

    /** Returns the argument's value for this update and match. */
    Object resolve(UpdateContext update, RouteMatch match);
}
