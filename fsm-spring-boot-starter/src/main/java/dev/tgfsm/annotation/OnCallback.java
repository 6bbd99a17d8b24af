package dev.tgfsm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles callback queries (inline keyboard buttons), optionally only those whose data starts with
 * a prefix or equals a value; the data is available as a {@code String} parameter annotated
 * {@link CallbackData}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnCallback {

    /**
     * Only data starting with this prefix; empty for no prefix filter.
     *
     * @return the prefix
     */
    String prefix() default "";

    /**
     * Only exactly this data; empty for no exact filter. Not together with {@link #prefix()}.
     *
     * @return the data
     */
    String data() default "";

    /**
     * A regular expression the whole data must match, with its groups available as parameters;
     * empty for none.
     *
     * @return the expression
     */
    String pattern() default "";

    /**
     * State ids the conversation must be in (any of them), such as {@code "Registration:EMAIL"}
     * or a plain string state. Ids whose group is that of a known state enum (see
     * {@link BotController#states()} and {@link InState}) are checked against the enum at start-up.
     *
     * @return the state ids
     */
    String[] state() default {};

    /**
     * Accept a conversation without a state (alone, or besides the states named).
     *
     * @return whether no state is accepted
     */
    boolean noState() default false;

    /**
     * Accept any state; the default when no state, {@code noState} or {@link InState} is given.
     * Cannot be combined with them.
     *
     * @return whether any state is accepted
     */
    boolean anyState() default false;

    /**
     * Routes with a higher priority are tried first, before every other rule; use it for escape
     * commands that must win in every state.
     *
     * @return the priority
     */
    int priority() default 0;
}
