package dev.tgfsm.flow;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.FsmException;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.dispatch.UpdateContext;

/**
 * The scene part of the {@link FlowEngine}'s sub-flows: a flow's call node that calls a scene
 * (through the {@link SceneCalls} the scenes provide), the flow resuming when the scene returns, and
 * {@code /cancel} inside any called scene returning to its caller.
 */
final class CalledScenes {

    private final SubFlows subFlows;

    private volatile @Nullable SceneCalls calls;

    CalledScenes(SubFlows subFlows) {
        this.subFlows = subFlows;
    }

    /** Lets call nodes call scenes; every scene a call node names must exist. */
    void connect(@Nullable SceneCalls calls) {
        if (calls != null) {
            for (Flow flow : subFlows.flows().values()) {
                for (FlowNode node : flow.nodes().values()) {
                    if (node instanceof FlowNode.Call call && call.scene() != null && !calls.has(call.scene())) {
                        throw new FsmConfigurationException("Node '" + node.name() + "' of flow '" + flow.name()
                                + "' calls unknown scene '" + call.scene() + "'",
                                "Declare a scene named '" + call.scene() + "' or fix the name.");
                    }
                }
            }
        }
        this.calls = calls;
    }

    /** A flow reached a call node for a scene: push the call and enter the scene. */
    void call(UpdateContext update, Flow caller, String scene, CallFrame frame) throws Exception {
        SceneCalls calls = this.calls;
        if (calls == null) {
            throw new FsmException("Flow '" + caller.name() + "' calls scene '" + scene + "', but the flow engine"
                    + " knows no scenes; connect them with Scenes.callableFrom(FlowEngine)");
        }
        subFlows.pushFrame(update, frame);
        FsmContext context = update.context();
        String runKey = FlowRun.dataKey(caller);
        Object progress = context.getData().get(runKey);
        update.context().setState(frame.caller());
        calls.enter(update, scene);
        if (progress != null && !context.getData().containsKey(runKey)) {
            // a scene that resets its data on entry keeps the calling flow's progress
            context.updateData(runKey, progress);
        }
    }

    /** A scene a call node called returned (its frame is popped, the state restored): resume the flow. */
    void returned(UpdateContext update, CallFrame frame, @Nullable Map<String, ?> result) throws Exception {
        Flow caller = frame.callerFlow() != null ? subFlows.flows().get(frame.callerFlow()) : null;
        if (caller == null) {
            throw new FsmException("Conversation " + update.key() + " returned from " + frame.callee()
                    + " to flow '" + frame.callerFlow() + "', which does not exist; known flows: "
                    + subFlows.flows().keySet());
        }
        FsmContext context = update.context();
        FlowRun run = FlowRun.load(caller, context);
        if (result != null) {
            if (frame.field() != null) {
                run.values.put(frame.field(), Map.copyOf(result));
            }
            subFlows.steps().moveTo(update, caller, run, frame.back(), frame.resume());
            return;
        }
        if (frame.back() != null) {
            run.attempts = 0;
            run.suggestions = List.of();
            context.setState(caller.stateOf(frame.back()));
            run.save();
            subFlows.steps().prompt(update, caller, run, caller.node(frame.back()));
            return;
        }
        // the scene was the caller's first step: leaving it leaves the caller too
        context.setState(frame.caller());
        if (!subFlows.leaveCall(update, LibraryText.SUB_FLOW_CANCELLED)) {
            subFlows.abandonAll(context);
            FlowRun.load(caller, context).discard();
            context.setState((String) null);
        }
    }

    /**
     * Leaves a called scene (by a flow's call node, a scene or a handler) the conversation is in,
     * for {@code /cancel}: back to the caller, as the scene's back command does.
     *
     * @return {@code false} when the conversation is not in the scene the frame called
     */
    boolean leaveCall(UpdateContext update, CallFrame frame, LibraryText reply) throws Exception {
        SceneCalls calls = this.calls;
        if (calls == null || !frame.callee().startsWith(FlowNode.Call.SCENE)
                || !frame.callee().equals(update.context().getState())) {
            return false;
        }
        subFlows.messenger().send(update, subFlows.steps().say(update, reply, null), null);
        calls.back(update);
        return true;
    }
}
