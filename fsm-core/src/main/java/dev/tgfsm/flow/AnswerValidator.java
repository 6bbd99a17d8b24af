package dev.tgfsm.flow;

import java.util.Map;

/**
 * Checks a non-text {@link Answer} of a flow's step (text answers go through the step's
 * {@link Validator}): for example that a photo is large enough or a location inside the delivery
 * area.
 */
@FunctionalInterface
public interface AnswerValidator {

    /**
     * Checks an answer.
     *
     * @param answer the answer, of a kind the step takes
     * @param values what the flow has collected so far
     * @return the verdict
     */
    Validation validate(Answer answer, Map<String, Object> values);

    /**
     * A validator that accepts every answer.
     *
     * @return the validator
     */
    static AnswerValidator any() {
        return (answer, values) -> Validation.ok();
    }
}
