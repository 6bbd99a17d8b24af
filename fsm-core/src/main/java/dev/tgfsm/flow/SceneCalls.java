package dev.tgfsm.flow;

import dev.tgfsm.Internal;
import dev.tgfsm.dispatch.UpdateContext;

/**
 * The scenes as the targets of flows' call nodes ({@link Flow.Builder#callScene}): what the
 * {@link FlowEngine} needs to call a scene without depending on the scenes. The scenes provide it
 * ({@code SceneNavigator.callableFrom(FlowEngine)}) and hand the result back with
 * {@link FlowWiring#sceneReturned}.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public interface SceneCalls {

    /**
     * Tells whether a scene exists.
     *
     * @param scene the scene's name
     * @return {@code true} if it does
     */
    boolean has(String scene);

    /**
     * Enters the called scene; the call is already on the conversation's {@link CallStack}.
     *
     * @param update the update being handled
     * @param scene the scene's name
     * @throws Exception what the scene's hooks threw
     */
    void enter(UpdateContext update, String scene) throws Exception;

    /**
     * Leaves the called scene the conversation is in (or the scene the call went on to) towards its
     * caller without a result (as the back command does in the scene that was called), for
     * {@code /cancel} inside it.
     *
     * @param update the update being handled
     * @throws Exception what the scene's hooks threw
     */
    void back(UpdateContext update) throws Exception;
}
