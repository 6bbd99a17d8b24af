package dev.tgfsm.annotation;

import java.util.function.Predicate;

import dev.tgfsm.dispatch.UpdateContext;

/**
 * A custom condition for {@link OnUpdate#filter()}: a bean of the application, or a class with a
 * public no-argument constructor.
 */
@FunctionalInterface
public interface UpdateFilter extends Predicate<UpdateContext> {
}
