package dev.tgfsm.flow;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.Internal;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.garbage.GarbageStateRegistry;

/**
 * The wiring of a {@link FlowEngine} to the engine's other parts, kept out of its API: the scenes
 * its call nodes call and that resume a calling flow ({@code SceneNavigator.callableFrom} connects
 * both ways), and the garbage registry {@code /reset} collects (the starter connects it).
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class FlowWiring {

    private FlowWiring() {
    }

    /**
     * Lets the flows' call nodes call scenes ({@link Flow.Builder#callScene}); checks that every
     * scene a call node names exists.
     *
     * @param engine the flow engine
     * @param calls the scenes, or {@code null} for none
     * @throws FsmConfigurationException naming a call node whose scene does not exist
     */
    public static void sceneCalls(FlowEngine engine, @Nullable SceneCalls calls) {
        engine.setSceneCalls(calls);
    }

    /**
     * Sets what resumes a caller that is not a flow (a scene, a handler's state) when the flow it
     * {@linkplain FlowEngine#call called} returns.
     *
     * @param engine the flow engine
     * @param callReturn the hook, or {@code null} for none (the state and result are restored all the same)
     */
    public static void callReturn(FlowEngine engine, @Nullable CallReturn callReturn) {
        engine.setCallReturn(callReturn);
    }

    /**
     * Resumes the flow that called a scene with a call node, after the scene returned (the scenes
     * call this once they popped the call and restored the caller's state).
     *
     * @param engine the flow engine
     * @param update the update being handled
     * @param frame the call that ended
     * @param result the scene's result, or {@code null} when it returned without one
     * @throws Exception what the flow's nodes threw
     */
    public static void sceneReturned(FlowEngine engine, UpdateContext update, CallFrame frame,
            @Nullable Map<String, ?> result) throws Exception {
        engine.sceneReturned(update, frame, result);
    }

    /**
     * Lets {@code /reset} collect the garbage this registry tracks before it clears the
     * conversation.
     *
     * @param engine the flow engine
     * @param registry the registry, or {@code null} for none
     */
    public static void garbage(FlowEngine engine, @Nullable GarbageStateRegistry registry) {
        engine.setGarbage(registry);
    }
}
