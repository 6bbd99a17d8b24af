package dev.tgfsm.flow;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.scene.SceneNavigator;

/**
 * One node of a {@link Flow}. A node either waits for the user ({@link Choose}, {@link Ask}), runs
 * at once when reached ({@link Compute}, {@link End}), or runs another flow and resumes when it
 * returns ({@link Call}).
 */
public sealed interface FlowNode {

    /**
     * Returns the node's name, unique within its flow.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the text shown for {@code /help} in this node, or {@code null} for the flow's help.
     *
     * @return the help text
     */
    default @Nullable String help() {
        return null;
    }

    /**
     * Asks the user to press one of several buttons, each leading to a node.
     *
     * @param name the node's name
     * @param prompt the question
     * @param buttons the buttons, at least one
     * @param inline inline buttons under the message (otherwise a reply keyboard)
     * @param help the help text, or {@code null}
     */
    record Choose(String name, Prompt prompt, List<Button> buttons, boolean inline,
            @Nullable String help) implements FlowNode {

        /**
         * Validates the node.
         *
         * @param name the node's name
         * @param prompt the question, not {@code null}
         * @param buttons the buttons; copied
         * @param inline {@code true} for inline buttons, {@code false} for a reply keyboard
         * @param help the help text, or {@code null} for the flow's
         */
        public Choose {
            Objects.requireNonNull(prompt, "prompt must not be null");
            buttons = List.copyOf(buttons);
        }
    }

    /**
     * Asks for an input, validates it, transforms it and stores it under a field, then moves on.
     *
     * @param name the node's name
     * @param prompt the question
     * @param field where the (transformed) input is stored
     * @param validator checks the input
     * @param transform turns the text into the stored value
     * @param choices answers offered as buttons (their label is sent as the input), possibly empty
     * @param inline choices as inline buttons (otherwise a reply keyboard)
     * @param maxAttempts invalid inputs allowed here before the flow is cancelled; 0 for the flow's limit
     * @param next the node after this one, or {@code null} to complete the flow
     * @param help the help text, or {@code null}
     * @param accepts the kinds of answer taken (text by default), see {@link Accepts}
     */
    record Ask(String name, Prompt prompt, String field, Validator validator, Function<String, Object> transform,
            List<String> choices, boolean inline, int maxAttempts, @Nullable String next, @Nullable String help,
            Accepts accepts) implements FlowNode {

        /**
         * A node that takes text answers.
         *
         * @param name the node's name
         * @param prompt the question, not {@code null}
         * @param field the data field the input is stored under, not {@code null}
         * @param validator checks the input, or {@code null} to accept any input
         * @param transform turns the text into the stored value, or {@code null} to store the text as it is
         * @param choices answers offered as buttons; {@code null} is taken as none
         * @param inline {@code true} for inline choice buttons, {@code false} for a reply keyboard
         * @param maxAttempts invalid inputs allowed here, or 0 for the flow's limit
         * @param next the next node, or {@code null} to complete the flow
         * @param help the help text, or {@code null} for the flow's
         */
        public Ask(String name, Prompt prompt, String field, @Nullable Validator validator,
                @Nullable Function<String, Object> transform, @Nullable List<String> choices, boolean inline,
                int maxAttempts,
                @Nullable String next, @Nullable String help) {
            this(name, prompt, field, validator, transform, choices, inline, maxAttempts, next, help, Accepts.text());
        }

        /**
         * Validates the node.
         *
         * @param name the node's name
         * @param prompt the question, not {@code null}
         * @param field the data field the input is stored under, not {@code null}
         * @param validator checks the input, or {@code null} to accept any input
         * @param transform turns the text into the stored value, or {@code null} to store the text as it is
         * @param choices answers offered as buttons; {@code null} is taken as none
         * @param inline {@code true} for inline choice buttons, {@code false} for a reply keyboard
         * @param maxAttempts invalid inputs allowed here, or 0 for the flow's limit
         * @param next the next node, or {@code null} to complete the flow
         * @param help the help text, or {@code null} for the flow's
         * @param accepts the kinds of answer taken, or {@code null} for text
         */
        public Ask {
            Objects.requireNonNull(prompt, "prompt must not be null");
            Objects.requireNonNull(field, "field must not be null");
            accepts = accepts != null ? accepts : Accepts.text();
            validator = validator != null ? validator : Validator.any();
            transform = transform != null ? transform : input -> input;
            choices = choices == null ? List.of() : List.copyOf(choices);
        }
    }

    /**
     * Computes the next node from what was collected (for example a look-up), without waiting for
     * the user. The function may also add values to the map it gets.
     *
     * @param name the node's name
     * @param action returns the name of the next node
     * @param targets every node the action may return, for validation and the diagram
     */
    record Compute(String name, Function<Map<String, Object>, String> action,
            List<String> targets) implements FlowNode {

        /**
         * Validates the node.
         *
         * @param name the node's name
         * @param action returns the name of the next node, not {@code null}
         * @param targets every node the action may return; copied
         */
        public Compute {
            Objects.requireNonNull(action, "action must not be null");
            targets = List.copyOf(targets);
        }
    }

    /**
     * Ends the flow with a message; the flow's completion callback then runs.
     *
     * @param name the node's name
     * @param prompt the closing message, or {@code null} for none
     */
    record End(String name, @Nullable Prompt prompt) implements FlowNode {
    }

    /**
     * Calls another flow as a sub-flow: the conversation runs it, and when it completes its values
     * are stored under {@code field} and this flow goes on at {@code next}. {@code /back} at the
     * sub-flow's first node returns to this flow's node before the call; {@code /cancel} inside the
     * sub-flow returns there too, or cancels both (see {@link SubFlowCancel}).
     *
     * <p>A call node can call a scene instead (its target written {@code scene:<name>}, see
     * {@link Flow.Builder#callScene}): the conversation enters the scene, and when the scene
     * {@linkplain SceneNavigator#finish finishes} its result is stored under {@code field}
     * and this flow goes on at {@code next}; the scene's back command at its start and {@code /cancel}
     * inside it return to this flow's node before the call. The engine needs the scenes for that
     * ({@code SceneNavigator.callableFrom(FlowEngine)}).
     *
     * @param name the node's name
     * @param flow the called flow's name, or {@code scene:<name>} for a scene
     * @param field where the sub-flow's values are stored, or {@code null} to drop them
     * @param next the node after the sub-flow returns, or {@code null} to complete this flow
     * @param onCancel what {@code /cancel} inside the sub-flow does, or {@code null} for the engine's default
     */
    record Call(String name, String flow, @Nullable String field, @Nullable String next,
            @Nullable SubFlowCancel onCancel) implements FlowNode {

        /**
         * Validates the node.
         *
         * @param name the node's name
         * @param flow the called flow's name, not {@code null}
         * @param field the result field, or {@code null}
         * @param next the next node, or {@code null} to complete the flow
         * @param onCancel what {@code /cancel} inside the sub-flow does, or {@code null} for the default
         */
        public Call {
            Objects.requireNonNull(flow, "flow must not be null");
        }

        /** The prefix of a call target that is a scene (a scene's state). */
        public static final String SCENE = "scene:";

        /**
         * Returns the called scene's name.
         *
         * @return the scene, or {@code null} when this node calls a flow
         */
        public @Nullable String scene() {
            return flow.startsWith(SCENE) ? flow.substring(SCENE.length()) : null;
        }
    }
}
