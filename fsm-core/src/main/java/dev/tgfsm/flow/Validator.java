package dev.tgfsm.flow;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Checks one input of a flow.
 */
@FunctionalInterface
public interface Validator {

    /**
     * Checks an input.
     *
     * @param input the text the user sent (or the button they pressed)
     * @param values what the flow has collected so far
     * @return the verdict
     */
    Validation validate(String input, Map<String, Object> values);

    /**
     * Checks an input as the user saw the options: {@code labels} turns a text written as an
     * application message code ({@code {fruit.apple}}) into its label in the user's language, so that
     * a validator comparing the input with such texts ({@link Validators#choice}) compares it with
     * what the user was shown. The flow engine calls this one; by default it ignores the labels.
     *
     * @param input the text the user sent (or the button they pressed)
     * @param values what the flow has collected so far
     * @param labels the user's label of a text as written
     * @return the verdict
     */
    default Validation validate(String input, Map<String, Object> values, UnaryOperator<String> labels) {
        return validate(input, values);
    }

    /**
     * A validator that accepts everything.
     *
     * @return the validator
     */
    static Validator any() {
        return (input, values) -> Validation.ok();
    }

    /**
     * Runs this validator, then the other one if this one accepted.
     *
     * @param next the next validator
     * @return the combined validator
     */
    default Validator and(Validator next) {
        Validator first = this;
        return new Validator() {
            @Override
            public Validation validate(String input, Map<String, Object> values) {
                Validation verdict = first.validate(input, values);
                return verdict.isValid() ? next.validate(input, values) : verdict;
            }

            @Override
            public Validation validate(String input, Map<String, Object> values, UnaryOperator<String> labels) {
                Validation verdict = first.validate(input, values, labels);
                return verdict.isValid() ? next.validate(input, values, labels) : verdict;
            }
        };
    }
}
