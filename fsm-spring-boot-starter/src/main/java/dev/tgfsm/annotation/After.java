package dev.tgfsm.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a handler method does once it has run (aiogram's {@code After.goto/back/exit}): go to a
 * scene, go back, exit all scenes, call a flow or a scene whose result comes back to the scene, or
 * start a flow (or wizard). Set exactly one of {@link #goTo}, {@link #back}, {@link #exit},
 * {@link #callFlow}, {@link #callScene} and {@link #startFlow}. The scene and flow names
 * are checked at start-up: an unknown one fails it, naming the method and the known names. Works on
 * {@link BotScene} and {@link BotController} handler methods; runs in the same unit of work as the
 * handler, and not when the handler throws.
 *
 * <pre>{@code
 * @OnText(pattern = "(?i)pay")
 * @After(goTo = "payment")
 * String pay() { return "To the payment"; }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface After {

    /**
     * The scene to go to ({@code SceneNavigator.goTo}: the way back is kept).
     *
     * @return the scene's name, or empty
     */
    String goTo() default "";

    /**
     * Whether to go back to the previous scene ({@code SceneNavigator.back}).
     *
     * @return {@code true} to go back
     */
    boolean back() default false;

    /**
     * Whether to exit all scenes ({@code SceneNavigator.exit}).
     *
     * @return {@code true} to exit
     */
    boolean exit() default false;

    /**
     * The flow to call as a sub-flow ({@code FlowEngine.call}); when it completes, the conversation
     * is back in this state with the values under {@link #result}, and the scene's {@link OnBack}
     * method (else its {@link OnEnter} method) runs.
     *
     * @return the flow's name, or empty
     */
    String callFlow() default "";

    /**
     * The scene to call as a sub-scene ({@code SceneNavigator.call}); when it hands its result back
     * ({@code SceneNavigator.finish}), the conversation is back in this scene with the result under
     * {@link #result}, and the scene's {@link OnBack} method (else its {@link OnEnter} method) runs.
     *
     * @return the scene's name, or empty
     */
    String callScene() default "";

    /**
     * Where the values of the {@link #callFlow called flow} (or the result of the
     * {@link #callScene called scene}) are stored in the data.
     *
     * @return the field, or empty to drop them
     */
    String result() default "";

    /**
     * The flow (or wizard) to start ({@code FlowEngine.start}: any flow the conversation was in is
     * left), prompting its first step; its completion callback gets its values.
     *
     * @return the flow's name, or empty
     */
    String startFlow() default "";
}
