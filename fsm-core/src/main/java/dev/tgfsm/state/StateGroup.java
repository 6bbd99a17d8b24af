package dev.tgfsm.state;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the group of an enum of {@link FsmState}s, the part of each stored id before the colon.
 * Keeps ids stable when the enum is renamed or moved.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StateGroup {

    /**
     * The group name.
     *
     * @return the group, not blank
     */
    String value();
}
