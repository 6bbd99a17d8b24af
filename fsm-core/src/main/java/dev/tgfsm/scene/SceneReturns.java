package dev.tgfsm.scene;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmException;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.flow.CallFrame;
import dev.tgfsm.flow.CallStack;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.flow.FlowWiring;
import dev.tgfsm.flow.SceneCalls;
import dev.tgfsm.history.HistoryEntry;
import dev.tgfsm.history.HistoryManager;

/**
 * The ways back of a {@link SceneNavigator}: from a {@linkplain SceneNavigator#call called} scene to its
 * caller (a scene, a handler or a flow's call node), with or without a result, and otherwise back
 * through the history; restoring a snapshot runs the restored scene's back hook (or its enter hook).
 */
final class SceneReturns {

    private final SceneNavigator navigator;

    private volatile @Nullable FlowEngine flows;

    SceneReturns(SceneNavigator navigator) {
        this.navigator = navigator;
    }

    /**
     * Lets the flow engine's call nodes call the navigator's scenes and return from them, and a flow
     * that a scene called resume the scene (see {@link SceneNavigator#callableFrom}).
     *
     * @param has whether a scene of that name exists
     */
    void connect(FlowEngine engine, Predicate<String> has) {
        FlowWiring.sceneCalls(engine, new SceneCalls() {
            @Override
            public boolean has(String scene) {
                return has.test(scene);
            }

            @Override
            public void enter(UpdateContext update, String scene) throws Exception {
                navigator.enter(update, scene, Map.of());
            }

            @Override
            public void back(UpdateContext update) throws Exception {
                endScene(update, null);
            }
        });
        FlowWiring.callReturn(engine, (update, frame, result) -> navigator.resume(update));
        this.flows = engine;
    }

    /** Leaves the current scene: to the caller when it is inside a call, else back in the history. */
    @Nullable
    Scene endScene(UpdateContext update, @Nullable Map<String, ?> result) throws Exception {
        Scene from = navigator.current(update.context());
        if (from != null) {
            navigator.run(from.onLeave(), update);
        }
        return returnToCaller(update, result);
    }

    /** A called scene's frame ends and the caller is restored; a scene not called goes back in the history. */
    @Nullable
    Scene returnToCaller(UpdateContext update, @Nullable Map<String, ?> result) throws Exception {
        FsmContext context = update.context();
        CallFrame call = new CallStack(context).leave(context.getState());
        HistoryManager history = navigator.history(context);
        for (int step = 0; call != null && step < call.steps() && history.get() != null; step++) {
            history.pop(); // the scenes the call went through: the caller lies beneath
        }
        HistoryEntry previous;
        if (call == null) {
            previous = history.pop();
        }
        else if (history.get() != null && Objects.equals(history.get().state(), call.caller())) {
            previous = history.pop();
        }
        else {
            // the caller was no scene, or the called scene reset the history: the caller's state, the data as it is
            previous = new HistoryEntry(call.caller(), context.getData());
        }
        if (call != null && call.callerFlow() != null) {
            return backToFlow(update, call, previous, result);
        }
        if (call != null && call.field() != null && result != null) {
            Map<String, Object> data = new LinkedHashMap<>(previous.data());
            data.put(call.field(), result);
            previous = new HistoryEntry(previous.state(), data);
        }
        if (previous == null) {
            context.setState((String) null);
            context.setData(Map.of());
            return null;
        }
        return restore(update, previous);
    }

    /** Restores a snapshot's state and data and runs that scene's back hook (or its enter hook). */
    @Nullable
    Scene restore(UpdateContext update, HistoryEntry previous) throws Exception {
        FsmContext context = update.context();
        context.setState(previous.state());
        context.setData(previous.data());
        return navigator.resume(update);
    }

    /** The call of the scene the conversation is in, when it was called and has not returned. */
    static @Nullable CallFrame calledFrame(FsmContext context) {
        CallFrame top = new CallStack(context).peek();
        return top != null && top.callee().equals(context.getState()) ? top : null;
    }

    /** Replaces the innermost call's frame: the call went on to another scene or back. */
    static void move(FsmContext context, CallFrame moved) {
        CallStack stack = new CallStack(context);
        stack.pop();
        stack.push(moved);
    }

    /** The call came from a flow's call node: restore the flow's state and data, and let it resume. */
    private @Nullable Scene backToFlow(UpdateContext update, CallFrame call, HistoryEntry previous,
            @Nullable Map<String, ?> result) throws Exception {
        FlowEngine engine = flows;
        if (engine == null) {
            throw new FsmException("Scene '" + call.callee() + "' returns to flow '" + call.callerFlow()
                    + "', but the scenes know no flow engine; connect them with Scenes.callableFrom(FlowEngine)");
        }
        FsmContext context = update.context();
        context.setState(previous.state());
        context.setData(previous.data());
        FlowWiring.sceneReturned(engine, update, call, result);
        return null;
    }
}
