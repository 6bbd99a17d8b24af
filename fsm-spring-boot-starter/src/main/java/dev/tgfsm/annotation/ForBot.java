package dev.tgfsm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds one handler method of a {@link BotController} to one bot, in an application that serves
 * several ({@code tgfsm.bots}): the method's routes take only that bot's updates, and only that bot
 * asks Telegram for their update kinds. In a controller serving every bot it narrows the method to
 * one; in a controller bound with {@link BotController#bot()} it must name the same bot. A name that
 * is no bot's, a different bot than the controller's, or a {@link Fallback} method fails the start-up.
 *
 * <p>On a {@link BotScene @BotScene} class it binds the scene: only that bot's updates enter it (entering
 * it while handling another bot's update throws {@link IllegalStateException}, so the update's
 * changes are not committed), its routes take only that bot's updates, and only that bot asks for
 * their kinds. Its methods' {@code @ForBot}s must name the same bot.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface ForBot {

    /**
     * The bot: {@value BotController#DEFAULT_BOT} for {@code tgfsm.bot}, else a {@code tgfsm.bots[*].name}.
     *
     * @return the bot's name
     */
    String value();
}
