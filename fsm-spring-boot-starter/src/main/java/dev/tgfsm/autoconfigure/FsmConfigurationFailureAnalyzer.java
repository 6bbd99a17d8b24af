package dev.tgfsm.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.tgfsm.FsmConfigurationException;

/**
 * Reports a {@link FsmConfigurationException} that stopped the application as a description (what is
 * wrong) and an action (what to change).
 */
class FsmConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<FsmConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, FsmConfigurationException cause) {
        String action = cause.action() != null ? cause.action()
                : "Change what the description names: the handler method, controller or scene in your code, or the "
                        + "tgfsm.* property.";
        return new FailureAnalysis("tgfsm is misconfigured: " + cause.getMessage(), action, cause);
    }
}
