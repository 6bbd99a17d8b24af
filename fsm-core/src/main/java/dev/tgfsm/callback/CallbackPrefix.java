package dev.tgfsm.callback;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The prefix a record's callback data starts with ({@code @CallbackPrefix("book") record
 * BookAction(...)} packs to {@code book:...}). Without it the record's simple name is the prefix;
 * a short prefix leaves more of Telegram's 64 bytes to the values. Two record types used as
 * callback data in one bot need different prefixes.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CallbackPrefix {

    /**
     * The prefix: not empty, without {@code ':'} or {@code '%'}.
     *
     * @return the prefix
     */
    String value();
}
