package dev.tgfsm.flow;

import java.util.Map;

import dev.tgfsm.dispatch.UpdateContext;

/**
 * Runs when a flow completes, with everything it collected. Runs inside the update's unit of work,
 * so state and data it changes are committed with the rest. Given to {@link Flow.Builder#onComplete} or
 * {@code Wizard.onComplete}, usually as a lambda.
 */
@FunctionalInterface
public interface FlowCompletion {

    /**
     * Called once when the flow completes.
     *
     * @param update the update that completed it
     * @param values the values collected, by field
     * @throws Exception anything; the update's changes are then dropped
     */
    void complete(UpdateContext update, Map<String, Object> values) throws Exception;
}
