package dev.tgfsm.flow;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.timeout.TimeoutConfig;

/**
 * A branching conversation: named nodes that ask with buttons, take validated input or
 * compute the next node, from a start node to an end. Immutable; checked when built: every target
 * exists, every node is reachable from the start, names are unique and short enough for callback
 * data.
 *
 * <p>While a user is in a flow, the conversation's state is {@code <flow>:<node>}; what the flow
 * collects is kept in the data under {@code flow:<flow>} until it completes or is cancelled.
 */
public final class Flow {

    private final String name;

    private final String start;

    private final Map<String, FlowNode> nodes;

    private final @Nullable FlowCompletion onComplete;

    private final int maxAttempts;

    private final @Nullable String help;

    private final @Nullable Duration idleTimeout;

    private Flow(Builder b) {
        this.name = b.name;
        this.start = b.start;
        this.nodes = Map.copyOf(b.nodes);
        this.onComplete = b.onComplete;
        this.maxAttempts = b.maxAttempts;
        this.help = b.help;
        this.idleTimeout = b.idleTimeout;
    }

    /**
     * Returns the idle timeout of conversations inside this flow.
     *
     * @return the idle time, zero for none, or {@code null} to use the global one
     */
    public @Nullable Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * Starts building a flow.
     *
     * @param name the flow's name: letters, digits, {@code _} and {@code -}
     * @return the builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Returns the name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the start node's name.
     *
     * @return the start node
     */
    public String start() {
        return start;
    }

    /**
     * Returns a node.
     *
     * @param node its name
     * @return the node, or {@code null} if the flow has none of that name
     */
    public @Nullable FlowNode node(String node) {
        return nodes.get(node);
    }

    /**
     * Returns every node.
     *
     * @return the nodes by name
     */
    public Map<String, FlowNode> nodes() {
        return nodes;
    }

    /**
     * Returns the completion callback.
     *
     * @return the callback, or {@code null}
     */
    public @Nullable FlowCompletion onComplete() {
        return onComplete;
    }

    /**
     * Returns how many invalid inputs the whole flow allows before it is cancelled.
     *
     * @return the limit, 0 for none
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Returns the flow's help text.
     *
     * @return the help, or {@code null}
     */
    public @Nullable String help() {
        return help;
    }

    /**
     * Returns the state id of a node of this flow.
     *
     * @param node the node
     * @return {@code <flow>:<node>}
     */
    public String stateOf(String node) {
        return name + ':' + node;
    }

    /**
     * Renders the flow as a Mermaid {@code flowchart}.
     *
     * @return the diagram source
     */
    public String toMermaid() {
        return FlowGraph.toMermaid(name, start, nodes);
    }

    /**
     * Builds a {@link Flow}. The first node added is the start unless {@link #start} says otherwise.
     */
    public static final class Builder {

        private final String name;

        private final Map<String, FlowNode> nodes = new LinkedHashMap<>();

        private @Nullable String start;

        private @Nullable FlowCompletion onComplete;

        private int maxAttempts;

        private @Nullable String help;

        private @Nullable Duration idleTimeout;

        Builder(String name) {
            Objects.requireNonNull(name, "name must not be null");
            if (!name.matches("[A-Za-z0-9_-]{1,24}")) {
                throw new FsmConfigurationException("Flow name '" + name
                        + "' must be 1 to 24 letters, digits, '_' or '-'");
            }
            this.name = name;
        }

        /**
         * Adds a node.
         *
         * @param node the node
         * @return this builder
         */
        public Builder node(FlowNode node) {
            Objects.requireNonNull(node, "node must not be null");
            if (!node.name().matches("[A-Za-z0-9_-]{1,24}")) {
                throw new FsmConfigurationException("Node name '" + node.name() + "' of flow '" + name
                        + "' must be 1 to 24 letters, digits, '_' or '-'");
            }
            if (nodes.putIfAbsent(node.name(), node) != null) {
                throw new FsmConfigurationException("Flow '" + name + "' has two nodes named '" + node.name() + "'");
            }
            if (start == null) {
                start = node.name();
            }
            return this;
        }

        /**
         * Adds a node that asks the user to press a button.
         *
         * @param node the name
         * @param prompt the question
         * @param buttons the buttons
         * @return this builder
         */
        public Builder choose(String node, String prompt, Button... buttons) {
            return node(new FlowNode.Choose(node, Prompt.of(prompt), List.of(buttons), true, null));
        }

        /**
         * Adds a node that asks for an input and stores it.
         *
         * @param node the name
         * @param prompt the question
         * @param field where the input is stored
         * @param validator checks the input, or {@code null}
         * @param next the next node, or {@code null} to complete
         * @return this builder
         */
        public Builder ask(String node, String prompt, String field, @Nullable Validator validator,
                @Nullable String next) {
            return node(
                    new FlowNode.Ask(node, Prompt.of(prompt), field, validator, null, List.of(), true, 0, next, null));
        }

        /**
         * Adds a node that asks for an answer of some kinds (a photo, a contact, a location, …) and
         * stores it (a non-text answer as {@link Answer#toMap()}).
         *
         * @param node the name
         * @param prompt the question
         * @param field where the answer is stored
         * @param accepts the kinds taken, for example {@code Accepts.contact("Share my phone number")}
         * @param next the next node, or {@code null} to complete
         * @return this builder
         */
        public Builder askFor(String node, String prompt, String field, Accepts accepts, @Nullable String next) {
            return node(new FlowNode.Ask(node, Prompt.of(prompt), field, null, null, List.of(), true, 0, next, null,
                    Objects.requireNonNull(accepts, "accepts must not be null")));
        }

        /**
         * Adds a node that computes the next node.
         *
         * @param node the name
         * @param action returns the next node's name
         * @param targets every node the action may return
         * @return this builder
         */
        public Builder compute(String node, Function<Map<String, Object>, String> action, String... targets) {
            return node(new FlowNode.Compute(node, action, List.of(targets)));
        }

        /**
         * Adds a node that calls another flow as a sub-flow and resumes when it returns (see
         * {@link FlowNode.Call}); {@code /cancel} inside the sub-flow does what the engine's default says.
         *
         * @param node the name
         * @param flow the called flow
         * @param field where the sub-flow's values are stored, or {@code null} to drop them
         * @param next the node after the sub-flow, or {@code null} to complete this flow
         * @return this builder
         */
        public Builder call(String node, String flow, @Nullable String field, @Nullable String next) {
            return node(new FlowNode.Call(node, flow, field, next, null));
        }

        /**
         * Adds a node that calls another flow as a sub-flow, saying what {@code /cancel} inside it does.
         *
         * @param node the name
         * @param flow the called flow
         * @param field where the sub-flow's values are stored, or {@code null} to drop them
         * @param next the node after the sub-flow, or {@code null} to complete this flow
         * @param onCancel {@link SubFlowCancel#PARENT} to come back here, {@link SubFlowCancel#ALL} to cancel this flow too
         * @return this builder
         */
        public Builder call(String node, String flow, @Nullable String field, @Nullable String next,
                SubFlowCancel onCancel) {
            return node(new FlowNode.Call(node, flow, field, next,
                    Objects.requireNonNull(onCancel, "onCancel must not be null")));
        }

        /**
         * Adds a node that calls a scene and resumes when the scene
         * {@linkplain SceneNavigator#finish finishes} with a result (the same as
         * {@link #call} with the target {@code scene:<name>}). The engine must know the scenes
         * ({@code SceneNavigator.callableFrom(FlowEngine)}; the starter does that), which checks the name.
         *
         * @param node the name
         * @param scene the called scene
         * @param field where the scene's result is stored, or {@code null} to drop it
         * @param next the node after the scene, or {@code null} to complete this flow
         * @return this builder
         */
        public Builder callScene(String node, String scene, @Nullable String field, @Nullable String next) {
            return node(new FlowNode.Call(node,
                    FlowNode.Call.SCENE + Objects.requireNonNull(scene, "scene must not be null"),
                    field, next, null));
        }

        /**
         * Adds an end node.
         *
         * @param node the name
         * @param message the closing message, or {@code null}
         * @return this builder
         */
        public Builder end(String node, @Nullable String message) {
            return node(new FlowNode.End(node, message == null ? null : Prompt.of(message)));
        }

        /**
         * Sets the start node (default: the first node added).
         *
         * @param node the start
         * @return this builder
         */
        public Builder start(String node) {
            this.start = node;
            return this;
        }

        /**
         * Sets what runs when the flow completes.
         *
         * @param completion the callback, or {@code null} for none
         * @return this builder
         */
        public Builder onComplete(@Nullable FlowCompletion completion) {
            this.onComplete = completion;
            return this;
        }

        /**
         * Sets how many invalid inputs the whole flow allows before it is cancelled.
         *
         * @param attempts the limit, 0 for none
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 0) {
                throw new FsmConfigurationException("maxAttempts of flow '" + name + "' must not be negative");
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Sets the flow's help text, shown by {@code /help} where a node has none.
         *
         * @param text the help, or {@code null} for none
         * @return this builder
         */
        public Builder help(@Nullable String text) {
            this.help = text;
            return this;
        }

        /**
         * Sets the idle timeout of conversations inside this flow, overriding the global one (see
         * {@link TimeoutConfig}).
         *
         * @param idle the idle time, zero for none, or {@code null} to use the global one
         * @return this builder
         */
        public Builder idleTimeout(@Nullable Duration idle) {
            if (idle != null && idle.isNegative()) {
                throw new FsmConfigurationException("The idle timeout of flow '" + name + "' must not be negative");
            }
            this.idleTimeout = idle;
            return this;
        }

        /**
         * Checks the flow and builds it.
         *
         * @return the flow
         * @throws FsmConfigurationException naming the flow and what is wrong
         */
        public Flow build() {
            FlowGraph.check(name, start, nodes);
            return new Flow(this);
        }
    }
}
