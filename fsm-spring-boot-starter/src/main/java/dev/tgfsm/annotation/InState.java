package dev.tgfsm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.tgfsm.state.FsmState;

/**
 * Restricts a handler method to states of a state enum, type-checked at start-up:
 * {@code @InState(value = Registration.class, names = "EMAIL")}, or
 * {@code @InState(Registration.class)} for any state of the enum. Repeat it for states of several
 * enums; it combines (OR) with the handler annotation's {@code state} and {@code noState}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(InStates.class)
public @interface InState {

    /**
     * The enum of states; it must be an enum implementing {@link FsmState}.
     *
     * @return the enum
     */
    Class<? extends FsmState> value();

    /**
     * Names of the enum's constants; empty for all of them. A name that is not a constant fails
     * the start-up.
     *
     * @return the constant names
     */
    String[] names() default {};
}
