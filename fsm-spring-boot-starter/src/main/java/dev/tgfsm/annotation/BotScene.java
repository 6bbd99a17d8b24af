package dev.tgfsm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Component;

import dev.tgfsm.scene.Scene;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.state.FsmState;

/**
 * Makes a class a scene ({@link Scene}): while a conversation is in it (state
 * {@code scene:<name>}), the class's own handler methods ({@link OnMessage}, {@link OnCallback},
 * {@link OnCommand}, ...) handle its updates, and its {@link OnEnter}, {@link OnLeave},
 * {@link OnExit} and {@link OnBack} methods run as the conversation moves. Move between scenes with
 * the {@link SceneNavigator} bean. Mappings are checked at start-up like a
 * {@link BotController}'s. With several bots, {@link ForBot} on the class binds the scene to one.
 *
 * <pre>{@code
 * @BotScene("settings")
 * class SettingsScene {
 *     @OnEnter String show() { return "Settings"; }
 *     @OnCallback(prefix = "lang:") String language(@CallbackData(afterPrefix = true) String lang) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Component
public @interface BotScene {

    /**
     * The scene's name.
     *
     * @return the name
     */
    String value();

    /**
     * Whether entering the scene clears the conversation data (never when coming back).
     *
     * @return {@code true} to clear
     */
    boolean resetDataOnEnter() default false;

    /**
     * Whether entering the scene clears the history, so going back from it cannot return to where
     * the conversation was before.
     *
     * @return {@code true} to clear
     */
    boolean resetHistoryOnEnter() default false;

    /**
     * Enums of {@link FsmState}s whose constants the scene's handlers may name.
     *
     * @return the state enums
     */
    Class<?>[] states() default {};
}
