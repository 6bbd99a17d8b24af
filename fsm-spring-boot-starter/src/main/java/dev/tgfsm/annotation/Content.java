package dev.tgfsm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.tgfsm.routing.ContentType;

/**
 * Narrows a handler method's routes to messages carrying one of these types of content, such as
 * {@code @OnMessage @Content(ContentType.PHOTO)}; for routes of kinds that carry a message
 * (messages, edits, channel posts, business messages, albums). Checked at start-up.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Content {

    /**
     * The content types, any of which will do.
     *
     * @return the types
     */
    ContentType[] value();
}
