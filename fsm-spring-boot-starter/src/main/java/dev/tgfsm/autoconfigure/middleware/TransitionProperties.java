package dev.tgfsm.autoconfigure.middleware;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tgfsm.transition.TransitionPolicy;
import dev.tgfsm.transition.TransitionTable;

/**
 * Settings of the declared transitions ({@code tgfsm.transitions.*}), used when the application
 * defines a {@link TransitionTable} bean.
 */
@ConfigurationProperties("tgfsm.transitions")
public class TransitionProperties {

    /** The default policy. */
    public static final TransitionPolicy DEFAULT_POLICY = TransitionPolicy.REJECT;

    /**
     * What to do with a transition the TransitionTable bean does not allow: REJECT (throw, nothing
     * of the update is committed), LOG (warn and let it through) or IGNORE.
     */
    private TransitionPolicy policy = DEFAULT_POLICY;

    /**
     * Returns the policy for forbidden transitions.
     *
     * @return the policy
     */
    public TransitionPolicy getPolicy() {
        return policy;
    }

    /**
     * Sets the policy for forbidden transitions.
     *
     * @param policy the policy
     */
    public void setPolicy(TransitionPolicy policy) {
        this.policy = policy;
    }
}
