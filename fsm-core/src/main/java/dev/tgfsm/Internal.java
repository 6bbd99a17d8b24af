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
 * <p>Each published module's public-API test (a {@code PublicApiContract}: {@code CorePublicApiTests},
 * {@code StarterPublicApiTests}) compares the public types that are not marked with a checked-in list,
 * so a new public type is a decision: either it joins the list or it carries this annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Internal {
}
