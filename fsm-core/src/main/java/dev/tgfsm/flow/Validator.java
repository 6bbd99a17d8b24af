package dev.tgfsm.flow;

import java.util.Map;

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
        return (input, values) -> {
            Validation first = validate(input, values);
            return first.isValid() ? next.validate(input, values) : first;
        };
    }
}
