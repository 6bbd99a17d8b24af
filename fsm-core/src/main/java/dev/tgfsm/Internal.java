package dev.tgfsm;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type that is public only because tgfsm's own packages or modules share it: an engine
 * part a bot author never touches. Internal: not part of the public API; it may change or go away
 * in any release without notice. Applications should use the types the README names instead.
 *
 * <p>{@code PublicApiTests} in each module lists the public types that are not marked, so a new
 * public type is a decision: either it joins the checked-in list or it carries this annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Internal {
}
