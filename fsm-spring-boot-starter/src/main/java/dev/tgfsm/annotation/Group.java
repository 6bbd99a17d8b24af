package dev.tgfsm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@code String} handler parameter to a group of the route's text pattern
 * ({@link OnText#pattern()}, {@link OnCallback#pattern()}): by number with {@link #value()}, by
 * name with {@link #name()}. Checked against the pattern at start-up.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Group {

    /**
     * The group's number; 0 is the whole text. Ignored when {@link #name()} is set.
     *
     * @return the number
     */
    int value() default 0;

    /**
     * The group's name; empty to use {@link #value()}.
     *
     * @return the name
     */
    String name() default "";
}
