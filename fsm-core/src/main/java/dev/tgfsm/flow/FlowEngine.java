package dev.tgfsm.flow;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.FsmException;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.garbage.GarbageStateRegistry;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.routing.BotCommand;
import dev.tgfsm.scene.Scene;
import dev.tgfsm.scene.SceneNavigator;

/**
 * Runs {@link Flow}s (and wizards, which are linear flows): the pipeline's flows step, in front of
 * the scenes and the bot's handler.
 *
 * <p>For each update of a conversation it first answers the {@linkplain EscapeCommands escape
 * commands} ({@code /reset} through {@link ConversationReset}); then, if the conversation is inside a flow (its state is {@code <flow>:<node>}), it
 * feeds the answer (a text, a pressed button, or a photo, contact, location, … the node
 * {@linkplain Accepts accepts}) to that node (other commands are never taken as answers: they go
 * to the next handler, which may start another flow; nor are edits, reactions and other updates
 * that are neither a new message nor a pressed button; commands are recognised by {@link BotCommand},
 * and one addressed to another bot is neither an escape nor an answer): validating, counting invalid attempts, storing
 * values, moving on, prompting, and completing or cancelling the flow. Every other update goes to
 * the next handler (typically the router). Renamed states are mapped through an alias table, and a
 * state that names a known flow but an unknown node is handled by the {@link UnknownStatePolicy}.
 *
 * <p>A flow calls another as a sub-flow with a {@link FlowNode.Call} node, and a scene or handler
 * with {@link #call}: the calls are kept on the conversation's {@link CallStack}, the sub-flow's
 * values go back to the caller when it completes, {@code /back} at its first node returns to the
 * caller, and {@code /cancel} (or too many invalid answers) inside it returns there too or cancels
 * all ({@link SubFlowCancel}). A call node can call a scene too ({@link Flow.Builder#callScene},
 * through {@link SceneCalls}), and {@code /cancel} inside any called scene returns to its caller the same way.
 *
 * <p>The escape commands work the same in the plain states a bot's handlers set (outside flows and
 * scenes): {@code /cancel} leaves the state, {@code /start} leaves it silently before the bot's own
 * handler runs, and {@code /back} returns to the previous plain state ({@link #setStateHistorySize}).
 * In a scene {@code /cancel} and {@code /start} do the same (the scene is left without its leave hook,
 * as by {@code /reset}); {@code /back} there goes to the previous scene ({@link SceneNavigator}).
 * A handler the bot declared for the escape command in the current state takes it over
 * ({@link #setHandlerTakesEscape}).
 *
 * <p>Everything happens inside the update's unit of work, so a step's state, values and progress
 * are committed together, once. Thread-safe and stateless between updates.
 */
public final class FlowEngine {

    /** How many sub-flows may run nested in one conversation unless {@link #setMaxCallDepth} says otherwise. */
    public static final int DEFAULT_MAX_CALL_DEPTH = 8;

    private final Map<String, Flow> flows = new LinkedHashMap<>();

    private final FlowSteps steps;

    private final SubFlows subFlows;

    private final FlowExits exits;

    private final FlowUpdates updates;

    private volatile @Nullable GarbageStateRegistry garbage;

    private volatile int stateHistorySize = HistoryManager.DEFAULT_SIZE;

    /**
     * Creates an engine.
     *
     * @param flows the flows, with unique names
     * @param messenger sends prompts and replies
     * @param escapes the escape commands
     * @param aliases old state ids mapped to new ones, applied before anything else
     * @param unknownStates what to do with a state of a known flow whose node no longer exists
     */
    public FlowEngine(Collection<Flow> flows, Messenger messenger, EscapeCommands escapes,
            Map<String, String> aliases, UnknownStatePolicy unknownStates) {
        this(flows, messenger, escapes, aliases, unknownStates, MessageResolver.english());
    }

    /**
     * Creates an engine whose texts (prompts and labels written as {@code {code}}, validation errors,
     * escape replies) are resolved in the user's language.
     *
     * @param flows the flows, with unique names
     * @param messenger sends prompts and replies
     * @param escapes the escape commands
     * @param aliases old state ids mapped to new ones, applied before anything else
     * @param unknownStates what to do with a state of a known flow whose node no longer exists
     * @param messages resolves the texts in the user's language
     */
    public FlowEngine(Collection<Flow> flows, Messenger messenger, EscapeCommands escapes,
            Map<String, String> aliases, UnknownStatePolicy unknownStates, MessageResolver messages) {
        Objects.requireNonNull(messages, "messages must not be null");
        for (Flow flow : flows) {
            if (this.flows.putIfAbsent(flow.name(), flow) != null) {
                throw new FsmConfigurationException("Two flows are named '" + flow.name() + "'");
            }
        }
        Objects.requireNonNull(messenger, "messenger must not be null");
        Objects.requireNonNull(escapes, "escapes must not be null");
        Objects.requireNonNull(unknownStates, "unknownStates must not be null");
        this.subFlows = new SubFlows(this.flows, messenger);
        this.exits = new FlowExits(this, subFlows, messenger);
        this.steps = new FlowSteps(subFlows, exits, messenger, escapes, messages);
        this.subFlows.steps(this.steps);
        EscapeAnswers escapeAnswers = new EscapeAnswers(this, messenger, escapes, messages, steps, subFlows, exits);
        this.updates = new FlowUpdates(this, aliases, unknownStates, steps, escapeAnswers, exits);
    }

    /**
     * Sets what {@code /cancel} inside a sub-flow does where its call node does not say (default
     * {@link SubFlowCancel#PARENT}: back to the caller).
     *
     * @param mode the default
     */
    public void setSubFlowCancel(SubFlowCancel mode) {
        subFlows.cancelMode = Objects.requireNonNull(mode, "mode must not be null");
    }

    /**
     * Sets how many sub-flows may run nested in one conversation (default {@value #DEFAULT_MAX_CALL_DEPTH}); a call beyond fails
     * with an {@link FsmException} naming the calls.
     *
     * @param depth the limit, at least 1
     * @throws FsmConfigurationException if the flows' call nodes already nest deeper
     */
    public void setMaxCallDepth(int depth) {
        if (depth < 1) {
            throw new FsmConfigurationException("The sub-flow call depth must be at least 1, was " + depth);
        }
        subFlows.checkDepth(depth);
        subFlows.maxDepth = depth;
    }

    /** {@link FlowWiring#callReturn}. */
    void setCallReturn(@Nullable CallReturn callReturn) {
        subFlows.callReturn = callReturn;
    }

    /**
     * Calls a flow as a sub-flow from a scene or a handler (flows call flows with
     * {@link Flow.Builder#call} nodes): the conversation runs it, and when it completes its state is
     * set back to what it was, its values are merged into the data under {@code field}, and the
     * call-return hook runs (the scenes' back hook, when they are connected). {@code /back} at its first node and
     * {@code /cancel} inside it return the same way without a result.
     *
     * @param update the update being handled
     * @param flowName the flow
     * @param field where its values are stored, or {@code null} to drop them
     * @param initial values the flow starts with
     * @throws FsmException if the flow is unknown, already running, the conversation is inside a flow, or
     *         the nesting limit is reached
     */
    public void call(UpdateContext update, String flowName, @Nullable String field, Map<String, ?> initial) {
        try {
            subFlows.call(update, activeFlow(update.context()), flowName, field, initial);
        }
        catch (RuntimeException ex) {
            throw ex;
        }
        catch (Exception ex) {
            throw new FsmException("Flow '" + flowName + "' failed to start: " + ex.getMessage(), ex);
        }
    }

    /** {@link FlowWiring#sceneCalls}: {@code SceneNavigator.callableFrom(FlowEngine)} connects the scenes. */
    void setSceneCalls(@Nullable SceneCalls calls) {
        subFlows.scenes().connect(calls);
    }

    /** {@link FlowWiring#sceneReturned}. */
    void sceneReturned(UpdateContext update, CallFrame frame, @Nullable Map<String, ?> result) throws Exception {
        subFlows.scenes().returned(update, frame, result);
    }

    /** {@link FlowWiring#garbage}. */
    void setGarbage(@Nullable GarbageStateRegistry registry) {
        this.garbage = registry;
    }

    @Nullable
    GarbageStateRegistry garbage() {
        return garbage;
    }

    int stateHistorySize() {
        return stateHistorySize;
    }

    /** Whether the state is a plain state: set by a bot's handler, outside flows and scenes. */
    boolean isPlainState(@Nullable String state) {
        return state != null && !state.startsWith(Scene.STATE_PREFIX) && activeFlowOf(state) == null;
    }

    /**
     * Sets the bot's username, so that a command addressed to another bot ({@code /cancel@OtherBot})
     * is not taken as an escape command. Unset, commands addressed to any bot count. An update whose
     * dispatcher was told its bot's username ({@code UpdateDispatcher.setBotUsername}) uses that instead.
     *
     * @param username the username without {@code @}, or {@code null}
     */
    public void setBotUsername(@Nullable String username) {
        updates.botUsername = BotCommand.username(username);
    }

    /**
     * Sets how many moves between plain states (those a bot's handlers set, outside flows and scenes)
     * {@code /back} can go through; 0 turns the plain-state history off, and {@code /back} then
     * reaches the bot's handler in plain states. The default is
     * {@value dev.tgfsm.history.HistoryManager#DEFAULT_SIZE}. Only the state ids are kept, in the main
     * record's metadata: going back restores the state, not the data, and costs no extra write.
     *
     * @param size the number of moves kept, 0 for none
     */
    public void setStateHistorySize(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("state history size must not be negative, was " + size);
        }
        this.stateHistorySize = size;
    }

    /**
     * Chooses what {@code /cancel} (and {@code /start} in a flow or plain state) clears. By default
     * it clears the state and the whole data of the main slot; with {@code true} it
     * clears the state and only the data of the flow it leaves.
     *
     * @param keep {@code true} to keep the main slot's data
     */
    public void setCancelKeepsData(boolean keep) {
        exits.cancelKeepsData = keep;
    }

    /**
     * Tells the engine which escape commands the bot's own handlers take over. The rule: a handler
     * declared for the escape command <em>in the conversation's current state</em> (a command route
     * with a state filter that matches) wins over the escape; a handler for the command in any state
     * does not, so escapes keep working inside every flow, scene and state. The starter wires this to
     * the application's router.
     *
     * @param takes tells, for an update carrying an escape command for this bot, whether a handler
     *        declared for that command in the current state exists
     */
    public void setHandlerTakesEscape(Predicate<UpdateContext> takes) {
        updates.handlerTakesEscape = Objects.requireNonNull(takes, "takes must not be null");
    }

    /**
     * Returns the flows by name.
     *
     * @return the flows
     */
    public Map<String, Flow> flows() {
        return Map.copyOf(flows);
    }

    /**
     * Returns a Mermaid diagram of every flow.
     *
     * @return diagram source by flow name
     */
    public Map<String, String> diagrams() {
        Map<String, String> diagrams = new LinkedHashMap<>();
        flows.forEach((name, flow) -> diagrams.put(name, flow.toMermaid()));
        return diagrams;
    }

    /**
     * Starts a flow for the update's conversation, leaving any flow it was in (and the flows that
     * called that one), and prompts its first node.
     *
     * @param update the update being handled
     * @param flowName the flow
     * @param initial values the flow starts with
     */
    public void start(UpdateContext update, String flowName, Map<String, ?> initial) {
        Flow flow = flows.get(flowName);
        if (flow == null) {
            throw new FsmException("No flow named '" + flowName + "'; known flows: " + flows.keySet());
        }
        exits.abandonActive(update.context());
        FlowRun run = FlowRun.fresh(flow, update.context(), initial);
        try {
            steps.moveTo(update, flow, run, null, flow.start());
        }
        catch (RuntimeException ex) {
            throw ex;
        }
        catch (Exception ex) {
            throw new FsmException("Flow '" + flowName + "' failed to start: " + ex.getMessage(), ex);
        }
    }

    /**
     * Starts a flow with no initial values.
     *
     * @param update the update being handled
     * @param flowName the flow
     */
    public void start(UpdateContext update, String flowName) {
        start(update, flowName, Map.of());
    }

    /**
     * Moves the conversation's running flow to one of its nodes and prompts it, as if the node it is
     * at had led there: that node goes on the path, so {@code /back} returns to it.
     *
     * @param update the update being handled (or a conversation's context from outside an update)
     * @param nodeName the node of the running flow
     * @throws FsmException if the conversation is in no flow or the flow has no such node
     */
    public void moveTo(UpdateContext update, String nodeName) {
        FsmContext context = update.context();
        Flow flow = activeFlow(context);
        if (flow == null) {
            throw new FsmException("Conversation " + update.key() + " is in no flow (state '" + context.getState()
                    + "'), so it cannot move to node '" + nodeName + "'");
        }
        if (flow.node(nodeName) == null) {
            throw new FsmException("Flow '" + flow.name() + "' has no node '" + nodeName + "'; its nodes: "
                    + flow.nodes().keySet());
        }
        String current = context.getState().substring(flow.name().length() + 1);
        try {
            steps.moveTo(update, flow, FlowRun.load(flow, context), flow.node(current) != null ? current : null,
                    nodeName);
        }
        catch (RuntimeException ex) {
            throw ex;
        }
        catch (Exception ex) {
            throw new FsmException("Flow '" + flow.name() + "' failed to move to '" + nodeName + "': "
                    + ex.getMessage(), ex);
        }
    }

    /**
     * Returns the flow the conversation is in.
     *
     * @param context the conversation
     * @return the flow, or {@code null}
     */
    public @Nullable Flow activeFlow(FsmContext context) {
        return activeFlowOf(context.getState());
    }

    private @Nullable Flow activeFlowOf(@Nullable String state) {
        int colon = state == null ? -1 : state.indexOf(':');
        return colon < 0 ? null : flows.get(state.substring(0, colon));
    }

    /**
     * Runs this step of the {@link UpdatePipeline} (plugged in as {@code flowEngine::handle}).
     *
     * @param update the update
     * @param next the rest of the pipeline
     * @throws Exception what the rest of the pipeline threw
     */
    public void handle(UpdateContext update, UpdateHandler next) throws Exception {
        updates.handle(update, next);
    }

    /**
     * Leaves the current flow (if any) and every flow that called it, clears the state and tells the user.
     *
     * @param update the update being handled
     * @param message what to tell the user
     */
    public void cancel(UpdateContext update, String message) {
        exits.cancel(update, message);
    }
}
