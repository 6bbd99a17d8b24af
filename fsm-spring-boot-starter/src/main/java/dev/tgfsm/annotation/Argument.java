package dev.tgfsm.annotation;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.routing.RouteMatch;

/**
 * Produces one argument of a handler method for an update.
 */
@FunctionalInterface
interface Argument {

    /** Returns the argument's value for this update and match, {@code null} when the update has none. */
    @Nullable
    Object resolve(UpdateContext update, RouteMatch match);
}
