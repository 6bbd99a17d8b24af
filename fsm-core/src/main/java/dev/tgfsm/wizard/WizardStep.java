package dev.tgfsm.wizard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.flow.Prompt;
import dev.tgfsm.flow.Validator;

/**
 * Configures one step of a {@link Wizard}: what it asks, where the answer goes, how it is checked and
 * transformed, the choices offered and the attempts allowed.
 */
public final class WizardStep {

    final String name;

    @Nullable Prompt prompt;

    String field;

    Validator validator = Validator.any();

    Function<String, Object> transform = input -> input;

    final List<String> choices = new ArrayList<>();

    boolean inline = true;

    int maxAttempts;

    @Nullable String help;

    WizardStep(String name) {
        this.name = Objects.requireNonNull(name, "name must not be null");
        this.field = name;
    }

    /**
     * Sets a fixed prompt.
     *
     * @param text the question
     * @return this step
     */
    public WizardStep prompt(String text) {
        this.prompt = Prompt.of(text);
        return this;
    }

    /**
     * Sets a prompt computed from the values collected so far.
     *
     * @param prompt renders the question
     * @return this step
     */
    public WizardStep prompt(Function<Map<String, Object>, String> prompt) {
        this.prompt = prompt::apply;
        return this;
    }

    /**
     * Sets the field the answer is stored under (default: the step's name).
     *
     * @param name the field
     * @return this step
     */
    public WizardStep field(String name) {
        this.field = Objects.requireNonNull(name, "field must not be null");
        return this;
    }

    /**
     * Sets the validator.
     *
     * @param validator checks the answer and may suggest alternatives
     * @return this step
     */
    public WizardStep validate(Validator validator) {
        this.validator = Objects.requireNonNull(validator, "validator must not be null");
        return this;
    }

    /**
     * Sets the transform applied to a valid answer before it is stored.
     *
     * @param transform for example {@code Integer::valueOf}
     * @return this step
     */
    public WizardStep transform(Function<String, Object> transform) {
        this.transform = Objects.requireNonNull(transform, "transform must not be null");
        return this;
    }

    /**
     * Offers answers as buttons.
     *
     * @param inline inline buttons (otherwise a reply keyboard)
     * @param options the answers
     * @return this step
     */
    public WizardStep choices(boolean inline, String... options) {
        this.inline = inline;
        this.choices.addAll(List.of(options));
        return this;
    }

    /**
     * Sets how many invalid answers this step allows before the wizard is cancelled.
     *
     * @param attempts the limit, 0 for the wizard's limit only
     * @return this step
     */
    public WizardStep maxAttempts(int attempts) {
        this.maxAttempts = attempts;
        return this;
    }

    /**
     * Sets the text {@code /help} shows at this step.
     *
     * @param text the help
     * @return this step
     */
    public WizardStep help(String text) {
        this.help = text;
        return this;
    }
}
