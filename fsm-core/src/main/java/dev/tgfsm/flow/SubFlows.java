package dev.tgfsm.flow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.FsmException;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.dispatch.UpdateContext;

/**
 * The sub-flow part of the {@link FlowEngine}: calling a flow (pushing a {@link CallFrame} onto the
 * conversation's {@link CallStack}), returning its values to the caller when it completes, and
 * leaving it with {@code /back} at its first node or with {@code /cancel}.
 */
final class SubFlows {

    private static final Logger log = LoggerFactory.getLogger(FlowEngine.class);

    private final Map<String, Flow> flows;

    private final Messenger messenger;

    private volatile FlowSteps steps;

    volatile int maxDepth = FlowEngine.DEFAULT_MAX_CALL_DEPTH;

    volatile SubFlowCancel cancelMode = SubFlowCancel.PARENT;

    volatile @Nullable CallReturn callReturn;

    private final CalledScenes scenes = new CalledScenes(this);

    SubFlows(Map<String, Flow> flows, Messenger messenger) {
        this.flows = flows;
        this.messenger = messenger;
        check(flows);
    }

    void steps(FlowSteps steps) {
        this.steps = steps;
    }

    FlowSteps steps() {
        return steps;
    }

    Map<String, Flow> flows() {
        return flows;
    }

    Messenger messenger() {
        return messenger;
    }

    /** The scenes that call nodes call. */
    CalledScenes scenes() {
        return scenes;
    }

    /** Every called flow exists and no flow calls itself, directly or through others. */
    private static void check(Map<String, Flow> flows) {
        for (Flow flow : flows.values()) {
            for (FlowNode node : flow.nodes().values()) {
                if (node instanceof FlowNode.Call call && call.scene() == null && !flows.containsKey(call.flow())) {
                    throw new FsmConfigurationException("Node '" + node.name() + "' of flow '" + flow.name()
                            + "' calls unknown flow '" + call.flow() + "'; known flows: " + flows.keySet());
                }
            }
        }
        for (Flow flow : flows.values()) {
            Deque<String> todo = new ArrayDeque<>(callees(flow));
            Set<String> seen = new HashSet<>();
            while (!todo.isEmpty()) {
                String callee = todo.poll();
                if (callee.equals(flow.name())) {
                    throw new FsmConfigurationException("Flow '" + flow.name() + "' calls itself (directly or through"
                            + " the flows it calls); a flow can run only once in a conversation's call stack");
                }
                if (seen.add(callee)) {
                    todo.addAll(callees(flows.get(callee)));
                }
            }
        }
    }

    /** Fails when a chain of call nodes nests deeper than the limit. */
    void checkDepth(int limit) {
        for (Flow flow : flows.values()) {
            List<String> chain = longestChain(flow);
            if (chain.size() - 1 > limit) {
                throw new FsmConfigurationException("Flow '" + flow.name() + "' calls flows " + (chain.size() - 1)
                        + " deep (" + String.join(" -> ", chain) + "), beyond the limit of " + limit,
                        "Raise tgfsm.flows.max-call-depth or call fewer flows in a row.");
            }
        }
    }

    private List<String> longestChain(Flow flow) {
        List<String> longest = List.of(flow.name());
        for (String callee : callees(flow)) {
            List<String> below = longestChain(flows.get(callee));
            if (below.size() + 1 > longest.size()) {
                List<String> chain = new ArrayList<>(below.size() + 1);
                chain.add(flow.name());
                chain.addAll(below);
                longest = chain;
            }
        }
        return longest;
    }

    private static List<String> callees(Flow flow) {
        return flow.nodes().values().stream().filter(FlowNode.Call.class::isInstance).map(FlowNode.Call.class::cast)
                .filter(call -> call.scene() == null).map(FlowNode.Call::flow).toList();
    }

    /** A flow reached its call node: keep its progress, push the frame and start the callee. */
    void enter(UpdateContext update, Flow caller, FlowRun run, @Nullable String from, FlowNode.Call node)
            throws Exception {
        run.attempts = 0;
        run.suggestions = List.of();
        run.save();
        CallFrame frame = new CallFrame(node.flow(), caller.stateOf(node.name()), caller.name(), node.next(), from,
                node.field());
        if (node.scene() != null) {
            scenes.call(update, caller, node.scene(), frame);
            return;
        }
        push(update, flows.get(node.flow()), frame, Map.of());
    }

    /** A handler or scene calls a flow. */
    void call(UpdateContext update, @Nullable Flow active, String flowName, @Nullable String field,
            Map<String, ?> initial) throws Exception {
        Flow callee = flows.get(flowName);
        if (callee == null) {
            throw new FsmException("No flow named '" + flowName + "'; known flows: " + flows.keySet());
        }
        if (active != null) {
            throw new FsmException("Conversation " + update.key() + " is inside flow '" + active.name()
                    + "'; a flow calls another with a call node (Flow.Builder.call), not FlowEngine.call");
        }
        push(update, callee, new CallFrame(flowName, update.context().getState(), null, null, null, field), initial);
    }

    private void push(UpdateContext update, Flow callee, CallFrame frame, Map<String, ?> initial) throws Exception {
        pushFrame(update, frame);
        steps.moveTo(update, callee, FlowRun.fresh(callee, update.context(), initial), null, callee.start());
    }

    void pushFrame(UpdateContext update, CallFrame frame) {
        String callee = frame.callee();
        CallStack stack = new CallStack(update.context());
        List<CallFrame> frames = stack.frames();
        String live = frame.callerFlow() != null ? frame.callerFlow() : update.context().getState();
        if (!frames.isEmpty() && !frames.get(frames.size() - 1).callee().equals(live)) {
            // a frame is live only while its callee runs; these outlived their flows (an expiry cleared the state)
            log.debug("{} drops stale calls {}", update.key(), frames.stream().map(CallFrame::callee).toList());
            stack.clear();
            frames = List.of();
        }
        if (frames.size() >= maxDepth) {
            throw new FsmException("Cannot call '" + callee + "' in conversation " + update.key() + ": "
                    + frames.size() + " sub-flows are already running, the limit (tgfsm.flows.max-call-depth) is "
                    + maxDepth + "; calls: " + frames.stream().map(CallFrame::callee).toList());
        }
        for (CallFrame f : frames) {
            if (callee.equals(f.callee()) || callee.equals(f.callerFlow())) {
                throw new FsmException("Cannot call '" + callee + "' in conversation " + update.key()
                        + ": it is already running there; calls: " + frames.stream().map(CallFrame::callee).toList());
            }
        }
        stack.push(frame);
        log.debug("{} calls '{}' from '{}'", update.key(), callee, frame.caller());
    }

    /** The flow completed (its run is gone): hands its values to its caller, if it was called. */
    void returned(UpdateContext update, Flow callee, Map<String, Object> values) throws Exception {
        CallFrame frame = new CallStack(update.context()).leave(callee.name());
        if (frame == null) {
            return;
        }
        Flow caller = frame.callerFlow() != null ? flows.get(frame.callerFlow()) : null;
        if (caller != null) {
            FlowRun run = FlowRun.load(caller, update.context());
            if (frame.field() != null) {
                run.values.put(frame.field(), values);
            }
            steps.moveTo(update, caller, run, frame.back(), frame.resume());
            return;
        }
        update.context().setState(frame.caller());
        if (frame.field() != null) {
            update.context().updateData(frame.field(), values);
        }
        resume(update, frame, values);
    }

    /** {@code /back} at the first node of a called flow: back to the caller's node before the call. */
    boolean backToCaller(UpdateContext update, Flow callee) throws Exception {
        CallFrame frame = new CallStack(update.context()).peek();
        if (frame == null || !frame.callee().equals(callee.name())
                || (frame.callerFlow() != null && frame.back() == null)) {
            return false;
        }
        leave(update, callee, frame, null);
        return true;
    }

    /**
     * Leaves the call the conversation is in without a result, for {@code /cancel} and for too many
     * invalid answers: tells the user {@code reply} and returns to the caller, a called flow to the
     * caller's node before the call (a caller whose call was its first node is left the same way, up
     * the stack), a called scene as its back command does. The one way a call is left early; the
     * engine cancels everything when this returns {@code false}.
     *
     * @return {@code false} when the conversation is in no call, or the call cancels all
     */
    boolean leaveCall(UpdateContext update, LibraryText reply) throws Exception {
        FsmContext context = update.context();
        CallFrame frame = new CallStack(context).peek();
        if (frame == null || modeOf(frame) == SubFlowCancel.ALL) {
            return false;
        }
        Flow callee = flowOf(context.getState());
        if (callee == null || !frame.callee().equals(callee.name())) {
            return scenes.leaveCall(update, frame, reply);
        }
        Flow caller = frame.callerFlow() != null ? flows.get(frame.callerFlow()) : null;
        if (caller != null && frame.back() == null) {
            FlowRun.load(callee, context).discard();
            new CallStack(context).leave(callee.name());
            context.setState(frame.caller());
            return leaveCall(update, reply);
        }
        leave(update, callee, frame, steps.say(update, reply, null));
        return true;
    }

    private @Nullable Flow flowOf(@Nullable String state) {
        int colon = state == null ? -1 : state.indexOf(':');
        return colon < 0 ? null : flows.get(state.substring(0, colon));
    }

    private void leave(UpdateContext update, Flow callee, CallFrame frame, @Nullable String message) throws Exception {
        FsmContext context = update.context();
        FlowRun.load(callee, context).discard();
        new CallStack(context).leave(callee.name());
        if (message != null) {
            messenger.send(update, message, null);
        }
        Flow caller = frame.callerFlow() != null ? flows.get(frame.callerFlow()) : null;
        if (caller != null && frame.back() != null) {
            FlowRun run = FlowRun.load(caller, context);
            run.attempts = 0;
            run.suggestions = List.of();
            context.setState(caller.stateOf(frame.back()));
            run.save();
            steps.prompt(update, caller, run, caller.node(frame.back()));
            return;
        }
        context.setState(frame.caller());
        resume(update, frame, null);
    }

    /** Drops every flow's progress along the stack and the stack itself. */
    void abandonAll(FsmContext context) {
        CallStack stack = new CallStack(context);
        for (CallFrame frame : stack.frames()) {
            for (String name : new String[]{frame.callee(), frame.callerFlow()}) {
                Flow flow = name == null ? null : flows.get(name);
                if (flow != null) {
                    FlowRun.load(flow, context).discard();
                }
            }
        }
        stack.clear();
    }

    SubFlowCancel modeOf(CallFrame frame) {
        Flow caller = frame.callerFlow() != null ? flows.get(frame.callerFlow()) : null;
        String state = frame.caller();
        if (caller != null && state != null
                && caller.node(state.substring(caller.name().length() + 1)) instanceof FlowNode.Call call
                && call.onCancel() != null) {
            return call.onCancel();
        }
        return cancelMode;
    }

    private void resume(UpdateContext update, CallFrame frame, @Nullable Map<String, Object> result) throws Exception {
        CallReturn hook = callReturn;
        if (hook != null) {
            hook.resumed(update, frame, result);
        }
    }
}
