package dev.tgfsm.wizard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.flow.Accepts;
import dev.tgfsm.flow.Answer;
import dev.tgfsm.flow.Prompt;
import dev.tgfsm.flow.Validator;

/**
 * Configures one step of a {@link Wizard}: what it asks, where the answer goes, how it is checked and
 * transformed, the kinds of answer it takes (text by default; a photo, a contact, … through
 * {@link Accepts}), the choices offered and the attempts allowed (by default
 * {@value #DEFAULT_MAX_ATTEMPTS}).
 */
public final class WizardStep {

    /** How many invalid answers a step allows unless told otherwise: the third one cancels the wizard. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    final String name;

    @Nullable
    Prompt prompt;

    String field;

    Validator validator = Validator.any();

    Function<String, Object> transform = input -> input;

    final List<String> choices = new ArrayList<>();

    boolean inline = true;

    int maxAttempts = DEFAULT_MAX_ATTEMPTS;

    Accepts accepts = Accepts.text();

    @Nullable
    String help;

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
     * Sets the kinds of answer this step takes (default: text). A non-text answer is checked by the
     * rule's validator and stored as {@link Answer#toMap()}; the step's
     * {@link #validate validator} and {@link #transform} apply to text answers only.
     *
     * @param rule for example {@code Accepts.photo()} or {@code Accepts.contact("Share my phone number")}
     * @return this step
     */
    public WizardStep accepts(Accepts rule) {
        this.accepts = Objects.requireNonNull(rule, "rule must not be null");
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
     * @param attempts the limit (default {@value #DEFAULT_MAX_ATTEMPTS}), 0 for the wizard's limit only
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
