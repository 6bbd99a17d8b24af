package dev.tgfsm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.tgfsm.routing.RouteBuilder;

/**
 * Keeps the conversation of the callback queries a handler method accepts per message, as
 * python-telegram-bot's {@code per_message}: each message with such buttons (a menu among several
 * in one chat, a message sent in inline mode) has its own state and data. On a {@link BotController}
 * or {@link BotScene} class it applies to every route of the class. A callback query is keyed per
 * message when it passes the kind, callback data, text, content and chat filters of such a route,
 * before its state is read (see {@link RouteBuilder#perMessage()}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface PerMessage {
}
