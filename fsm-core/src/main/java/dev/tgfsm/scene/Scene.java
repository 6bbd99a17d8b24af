package dev.tgfsm.scene;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.timeout.TimeoutConfig;

/**
 * A named part of a conversation: its hooks and the handler of updates that arrive while the
 * conversation is in it. While inside, the conversation's state is {@code scene:<name>}.
 *
 * @param name the scene's name: letters, digits, {@code _}, {@code -} and {@code .}
 * @param handler handles updates inside the scene
 * @param onEnter runs when the scene is entered (also on {@code retake}), or {@code null}
 * @param onLeave runs when the scene is left for another one, or {@code null}
 * @param onExit runs when the scene is exited (the conversation leaves all scenes), or {@code null}
 * @param onBack runs when the conversation comes back to this scene through {@code back}, or
 *        {@code null} (then {@code onEnter} runs)
 * @param resetDataOnEnter whether entering clears the data (never when coming back)
 * @param idleTimeout the idle timeout inside the scene, zero for none, or {@code null} to use the
 *        global one (see {@link TimeoutConfig})
 * @param resetHistoryOnEnter whether entering clears the history, so {@code back} cannot leave the
 *        scene for where the conversation was before (aiogram's {@code reset_history_on_enter})
 */
public record Scene(String name, UpdateHandler handler, @Nullable SceneHook onEnter, @Nullable SceneHook onLeave,
        @Nullable SceneHook onExit,
        @Nullable SceneHook onBack, boolean resetDataOnEnter, @Nullable Duration idleTimeout,
        boolean resetHistoryOnEnter) {

    /** What scene states start with. */
    public static final String STATE_PREFIX = "scene:";

    /**
     * Validates the scene.
     *
     * @param name the scene's name: 1 to 48 letters, digits, {@code _}, {@code -} or {@code .}
     * @param handler handles updates inside the scene, not {@code null}
     * @param onEnter the enter hook, or {@code null}
     * @param onLeave the leave hook, or {@code null}
     * @param onExit the exit hook, or {@code null}
     * @param onBack the back hook, or {@code null} to run {@code onEnter} instead
     * @param resetDataOnEnter whether entering clears the data
     * @param idleTimeout the idle timeout inside the scene, zero for none, or {@code null} for the global one; not negative
     * @param resetHistoryOnEnter whether entering clears the history
     */
    public Scene {
        Objects.requireNonNull(name, "name must not be null");
        if (!name.matches("[A-Za-z0-9_.-]{1,48}")) {
            throw new FsmConfigurationException(
                    "Scene name '" + name + "' must be 1 to 48 letters, digits, '_', '-' or '.'");
        }
        Objects.requireNonNull(handler, "handler must not be null");
        if (idleTimeout != null && idleTimeout.isNegative()) {
            throw new FsmConfigurationException("The idle timeout of scene '" + name + "' must not be negative");
        }
    }

    /**
     * A scene that keeps the history on entry.
     *
     * @param name the name
     * @param handler handles updates inside the scene
     * @param onEnter the enter hook, or {@code null}
     * @param onLeave the leave hook, or {@code null}
     * @param onExit the exit hook, or {@code null}
     * @param onBack the back hook, or {@code null}
     * @param resetDataOnEnter whether entering clears the data
     * @param idleTimeout the idle timeout inside the scene, zero for none, or {@code null} for the global one
     */
    public Scene(String name, UpdateHandler handler, @Nullable SceneHook onEnter, @Nullable SceneHook onLeave,
            @Nullable SceneHook onExit,
            @Nullable SceneHook onBack, boolean resetDataOnEnter, @Nullable Duration idleTimeout) {
        this(name, handler, onEnter, onLeave, onExit, onBack, resetDataOnEnter, idleTimeout, false);
    }

    /**
     * A scene without an idle timeout of its own.
     *
     * @param name the name
     * @param handler handles updates inside the scene
     * @param onEnter the enter hook, or {@code null}
     * @param onLeave the leave hook, or {@code null}
     * @param onExit the exit hook, or {@code null}
     * @param onBack the back hook, or {@code null}
     * @param resetDataOnEnter whether entering clears the data
     */
    public Scene(String name, UpdateHandler handler, @Nullable SceneHook onEnter, @Nullable SceneHook onLeave,
            @Nullable SceneHook onExit,
            @Nullable SceneHook onBack, boolean resetDataOnEnter) {
        this(name, handler, onEnter, onLeave, onExit, onBack, resetDataOnEnter, null);
    }

    /**
     * A copy with its own idle timeout.
     *
     * @param idle the idle time, zero for none, or {@code null} to use the global one
     * @return the copy
     */
    public Scene withIdleTimeout(@Nullable Duration idle) {
        return new Scene(name, handler, onEnter, onLeave, onExit, onBack, resetDataOnEnter, idle, resetHistoryOnEnter);
    }

    /**
     * A scene with only a handler; add hooks with the {@code with...} methods.
     *
     * @param name the name
     * @param handler the handler of updates inside the scene
     * @return the scene
     */
    public static Scene of(String name, UpdateHandler handler) {
        return new Scene(name, handler, null, null, null, null, false);
    }

    /**
     * A copy with an enter hook.
     *
     * @param hook the hook
     * @return the copy
     */
    public Scene withOnEnter(SceneHook hook) {
        return new Scene(name, handler, hook, onLeave, onExit, onBack, resetDataOnEnter, idleTimeout,
                resetHistoryOnEnter);
    }

    /**
     * A copy with a leave hook.
     *
     * @param hook the hook
     * @return the copy
     */
    public Scene withOnLeave(SceneHook hook) {
        return new Scene(name, handler, onEnter, hook, onExit, onBack, resetDataOnEnter, idleTimeout,
                resetHistoryOnEnter);
    }

    /**
     * A copy with an exit hook.
     *
     * @param hook the hook
     * @return the copy
     */
    public Scene withOnExit(SceneHook hook) {
        return new Scene(name, handler, onEnter, onLeave, hook, onBack, resetDataOnEnter, idleTimeout,
                resetHistoryOnEnter);
    }

    /**
     * A copy with a back hook.
     *
     * @param hook the hook
     * @return the copy
     */
    public Scene withOnBack(SceneHook hook) {
        return new Scene(name, handler, onEnter, onLeave, onExit, hook, resetDataOnEnter, idleTimeout,
                resetHistoryOnEnter);
    }

    /**
     * A copy that clears the data whenever the scene is entered (but not when coming back).
     *
     * @param reset whether to clear
     * @return the copy
     */
    public Scene withResetDataOnEnter(boolean reset) {
        return new Scene(name, handler, onEnter, onLeave, onExit, onBack, reset, idleTimeout, resetHistoryOnEnter);
    }

    /**
     * A copy that clears the history whenever the scene is entered, so {@code back} inside it cannot
     * return to where the conversation was before (coming back to it through {@code back} keeps the
     * history).
     *
     * @param reset whether to clear
     * @return the copy
     */
    public Scene withResetHistoryOnEnter(boolean reset) {
        return new Scene(name, handler, onEnter, onLeave, onExit, onBack, resetDataOnEnter, idleTimeout, reset);
    }

    /**
     * Returns the state id of this scene.
     *
     * @return {@code scene:<name>}
     */
    public String state() {
        return STATE_PREFIX + name;
    }
}
