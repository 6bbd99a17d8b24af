package dev.tgfsm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@code String} handler parameter to a callback query's data.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface CallbackData {

    /**
     * Whether to drop the route's {@link OnCallback#prefix()}: {@code "book:42"} with prefix
     * {@code "book:"} gives {@code "42"}.
     *
     * @return {@code true} for the data after the prefix
     */
    boolean afterPrefix() default false;
}
