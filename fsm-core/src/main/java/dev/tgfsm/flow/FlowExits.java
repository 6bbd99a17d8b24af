package dev.tgfsm.flow;

import java.util.List;
import java.util.Map;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.dispatch.UpdateContext;

/**
 * How a conversation gets out of the {@link FlowEngine}'s flows: {@code /cancel}, too many invalid
 * answers, {@code /start} and a state the flows no longer know leave the flow (and every flow that
 * called it), towards the caller of a call ({@link SubFlows#leaveCall}) or cancelling everything;
 * a new flow started over a running one abandons it. Leaving clears the state, the plain-state
 * history and, unless the engine is told to keep it ({@link FlowEngine#setCancelKeepsData}), the
 * main slot's data.
 */
final class FlowExits {

    private final FlowEngine engine;

    private final SubFlows subFlows;

    private final Messenger messenger;

    volatile boolean cancelKeepsData;

    FlowExits(FlowEngine engine, SubFlows subFlows, Messenger messenger) {
        this.engine = engine;
        this.subFlows = subFlows;
        this.messenger = messenger;
    }

    /** Leaves the current flow (if any) and every flow that called it, clears the state and tells the user. */
    void cancel(UpdateContext update, String message) {
        leave(update.context());
        messenger.send(update, message, new Keyboard(List.of(), false));
    }

    /**
     * Ends what the conversation is in without a result ({@code /cancel}, too many invalid answers):
     * a call (a sub-flow, a called scene) is left towards its caller with {@code toCaller}
     * ({@link SubFlows#leaveCall}); anything else, or a call that cancels all, is cancelled with
     * {@code cancelled}.
     */
    void abort(UpdateContext update, LibraryText toCaller, String cancelled) throws Exception {
        if (!subFlows.leaveCall(update, toCaller)) {
            cancel(update, cancelled);
        }
    }

    /** Leaves the flow or state: clears the state and, unless told to keep it, the data and the history. */
    void leave(FsmContext context) {
        abandonActive(context);
        context.setState((String) null);
        StateHistory.clear(context);
        if (!cancelKeepsData && !context.getData().isEmpty()) {
            context.setData(Map.of());
        }
    }

    /** Drops the running flow's progress and every call that led to it, and clears a flow's state. */
    void abandonActive(FsmContext context) {
        subFlows.abandonAll(context);
        Flow active = engine.activeFlow(context);
        if (active != null) {
            FlowRun.load(active, context).discard();
            context.setState((String) null);
        }
    }
}
