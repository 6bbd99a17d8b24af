package dev.tgfsm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.tgfsm.routing.ChatType;

/**
 * Narrows routes to updates in chats of these types, such as {@code @InChat(ChatType.PRIVATE)}. On a
 * handler method it narrows that method's routes; on a {@link BotController} or {@link BotScene} class,
 * every route of the class without an {@code @InChat} of its own. Routes of kinds without a chat
 * (pre-checkout and shipping queries, poll answers, chosen inline results) cannot take it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface InChat {

    /**
     * The chat types, any of which will do.
     *
     * @return the types
     */
    ChatType[] value();
}
