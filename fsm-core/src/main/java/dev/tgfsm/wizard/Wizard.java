package dev.tgfsm.wizard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.flow.FlowCompletion;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.flow.FlowNode;
import dev.tgfsm.flow.Prompt;

/**
 * Builds a wizard: steps asked in order, each with a prompt (fixed or computed from the
 * answers so far), a validator with optional suggestions, a transform, the field it fills, choices
 * as buttons, the kinds of answer it takes (a photo, a contact, …) and an attempt limit (3 by
 * default); then a completion callback with every answer. The result is a
 * linear {@link Flow}, run by the {@link FlowEngine} with {@code /back},
 * {@code /cancel} and {@code /help}.
 *
 * <pre>{@code
 * Flow order = Wizard.named("order")
 *     .step("product", s -> s.prompt("What product do you want to order?"))
 *     .step("quantity", s -> s.prompt(v -> "How many " + v.get("product") + "?")
 *             .validate(Validators.integer(1, 100)).transform(Integer::valueOf))
 *     .step("address", s -> s.prompt("Delivery address?").validate(Validators.minLength(10)))
 *     .onComplete((update, values) -> ...)
 *     .build();
 * }</pre>
 */
public final class Wizard {

    /** The name of the node that shows the {@link #done(Function) closing message}. */
    private static final String DONE = "_done";

    private final String name;

    private final List<WizardStep> steps = new ArrayList<>();

    private @Nullable FlowCompletion onComplete;

    private int maxAttempts;

    private @Nullable String help;

    private @Nullable Prompt done;

    private Wizard(String name) {
        this.name = name;
    }

    /**
     * Starts a wizard.
     *
     * @param name the wizard's name (its states are {@code <name>:<step>})
     * @return the builder
     */
    public static Wizard named(String name) {
        return new Wizard(name);
    }

    /**
     * Adds a step.
     *
     * @param stepName the step's name, unique in the wizard
     * @param config configures the step
     * @return this wizard
     */
    public Wizard step(String stepName, Consumer<WizardStep> config) {
        WizardStep step = new WizardStep(stepName);
        config.accept(step);
        if (step.prompt == null) {
            throw new FsmConfigurationException("Step '" + stepName + "' of wizard '" + name + "' has no prompt");
        }
        steps.add(step);
        return this;
    }

    /**
     * Sets what runs with every answer once the last step is done.
     *
     * @param completion the callback
     * @return this wizard
     */
    public Wizard onComplete(FlowCompletion completion) {
        this.onComplete = completion;
        return this;
    }

    /**
     * Sets the closing message, rendered from every answer once the last step is done (before the
     * completion callback). It also removes a reply keyboard the last step showed (a
     * {@code request_contact} or {@code request_location} button).
     *
     * @param message renders the message from the answers
     * @return this wizard
     */
    public Wizard done(Function<Map<String, Object>, String> message) {
        Objects.requireNonNull(message, "message must not be null");
        this.done = message::apply;
        return this;
    }

    /**
     * Sets how many invalid answers the whole wizard allows before it is cancelled.
     *
     * @param attempts the limit, 0 for none
     * @return this wizard
     */
    public Wizard maxAttempts(int attempts) {
        this.maxAttempts = attempts;
        return this;
    }

    /**
     * Sets the help shown where a step has none.
     *
     * @param text the help
     * @return this wizard
     */
    public Wizard help(String text) {
        this.help = text;
        return this;
    }

    /**
     * Builds the wizard's flow.
     *
     * @return the flow
     */
    public Flow build() {
        if (steps.isEmpty()) {
            throw new FsmConfigurationException("Wizard '" + name + "' has no steps");
        }
        Flow.Builder flow = Flow.builder(name).maxAttempts(maxAttempts).help(help).onComplete(onComplete);
        for (int i = 0; i < steps.size(); i++) {
            WizardStep s = steps.get(i);
            String next = i + 1 < steps.size() ? steps.get(i + 1).name : done != null ? DONE : null;
            flow.node(new FlowNode.Ask(s.name, s.prompt, s.field, s.validator, s.transform, s.choices, s.inline,
                    s.maxAttempts, next, s.help, s.accepts));
        }
        if (done != null) {
            flow.node(new FlowNode.End(DONE, done));
        }
        return flow.build();
    }
}
