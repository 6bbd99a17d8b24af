package dev.tgfsm.scene;

import dev.tgfsm.dispatch.UpdateContext;

/**
 * Runs when a scene is entered, left, exited or returned to.
 */
@FunctionalInterface
public interface SceneHook {

    /**
     * Called inside the update's unit of work.
     *
     * @param update the update that caused the move
     * @param scenes the scene operations, for moving on from the hook
     * @throws Exception anything; the update's changes are then dropped
     */
    void run(UpdateContext update, SceneNavigator scenes) throws Exception;
}
