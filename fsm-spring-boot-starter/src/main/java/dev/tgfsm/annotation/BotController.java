package dev.tgfsm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

import dev.tgfsm.state.FsmState;
import dev.tgfsm.telegram.IntakeStatus;

/**
 * A component whose methods handle updates: {@link OnMessage}, {@link OnCommand}, {@link OnText},
 * {@link OnCallback}, {@link OnEditedMessage}, {@link OnAlbum}, {@link OnUpdate}, and one {@link Fallback} in the
 * application. The routing auto-configuration collects them at start-up into one router; mapping
 * mistakes fail the start-up with a message naming the method.
 *
 * <p>Handler methods are public instance methods. Their parameters are resolved by type:
 * {@code Update}, {@code Message}, {@code CallbackQuery}, {@code InlineQuery}, {@code User},
 * {@code Chat}, {@code FsmContext}, {@code UpdateContext}, {@code Album} (on {@link OnAlbum}), {@code UnitOfWork},
 * {@code HistoryManager}, {@code Director}, {@code StorageKey}, {@code BotCommand},
 * {@code RouteMatch}, {@code MatchResult}, {@code TelegramClient} ({@code null} when there is no
 * such bean), any {@code FeatureStateManager} subclass (the {@code @FeatureState} bean, or one
 * made with its {@code (FsmContext)} constructor), {@code long chatId} and {@code long userId}; and
 * strings annotated {@link Text}, {@link CommandArgs}, {@link CallbackData}, {@link Group}, or named
 * {@code text}, {@code args}, {@code data} or like a named group of the pattern. A handler may
 * return nothing, a {@code String} (sent as a reply to the chat) or a {@code BotApiMethod} (sent).
 *
 * <p>With several bots ({@code tgfsm.bots}), a controller serves every bot unless {@link #bot()}
 * binds it to one, and {@link ForBot} binds one method; a {@code BotIdentity} parameter tells which
 * bot an update came to.
 *
 * <p>Order: higher {@code priority} first, then state-filtered routes before any-state routes,
 * then commands before other routes, then declaration order (controllers in registration order,
 * methods in source order).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Component
public @interface BotController {

    /**
     * The bean name; empty for the default.
     *
     * @return the bean name
     */
    @AliasFor(annotation = Component.class)
    String value() default "";

    /**
     * The state enums whose ids this controller's {@code state} strings use; a string id in the
     * group of a known enum that names none of its constants fails the start-up.
     *
     * @return the state enums
     */
    Class<? extends FsmState>[] states() default {};

    /**
     * The bot whose updates this controller handles, in an application that serves several
     * ({@code tgfsm.bots}): {@value #DEFAULT_BOT} for {@code tgfsm.bot}, else a
     * {@code tgfsm.bots[*].name}. Empty (the default): the updates of every bot. A name that is no
     * bot's fails the start-up; so does a {@link Fallback} in a bound controller (there is one fallback,
     * for every bot).
     *
     * @return the bot's name, or empty for every bot
     */
    String bot() default "";

    /** The name of the bot of {@code tgfsm.bot}, for {@link #bot()}. */
    String DEFAULT_BOT = IntakeStatus.DEFAULT_BOT;
}
