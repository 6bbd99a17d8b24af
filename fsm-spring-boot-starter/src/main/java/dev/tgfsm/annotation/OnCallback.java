package dev.tgfsm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.tgfsm.callback.CallbackCodec;

/**
 * Handles callback queries (inline keyboard buttons), optionally only those whose data starts with
 * a prefix or equals a value; the data is available as a {@code String} parameter annotated
 * {@link CallbackData}. With {@link #type()} the data is a packed record (built with
 * {@link CallbackCodec#button}), and the method takes the record as a parameter:
 *
 * <pre>{@code
 * @OnCallback(type = BookAction.class, where = "action=delete")
 * String delete(BookAction action) { ... }
 * }</pre>
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
     * Only data that is a packed record of this type ({@link CallbackCodec}), with
     * the record available as a parameter of that type; {@code Record.class} for none. Not together
     * with {@link #prefix()} or {@link #data()}. Data with the type's prefix that does not parse (a
     * button from before the record changed) runs no handler: it is logged and the button answered.
     *
     * @return the record type
     */
    Class<? extends Record> type() default Record.class;

    /**
     * Conditions on the record's components, all of which must hold, as {@code "name=value"} or
     * {@code "name!=value"}: {@code "action=delete"}, {@code "id=42"}, {@code "paid=true"}; one of
     * several values as {@code "action=edit|delete"} (and none of them as {@code "action!=edit|delete"}).
     * Values are read as the component's type (enum constants ignoring case) and checked at start-up.
     * Only with {@link #type()}.
     *
     * @return the conditions
     */
    String[] where() default {};

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
