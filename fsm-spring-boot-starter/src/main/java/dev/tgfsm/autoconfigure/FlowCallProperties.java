package dev.tgfsm.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tgfsm.flow.SubFlowCancel;

/**
 * How flows call flows ({@code tgfsm.flows.*}): what {@code /cancel} inside a sub-flow does and how
 * deep calls may nest.
 */
@ConfigurationProperties("tgfsm.flows")
public class FlowCallProperties {

    /**
     * What /cancel inside a sub-flow does where its call node does not say: PARENT returns to the
     * caller (without a result), ALL cancels the sub-flow and every flow that called it.
     */
    private SubFlowCancel subFlowCancel = SubFlowCancel.PARENT;

    /** How many sub-flows may run nested in one conversation; a call beyond fails with a clear error. */
    private int maxCallDepth = 8;

    /**
     * Returns what {@code /cancel} inside a sub-flow does.
     *
     * @return the mode
     */
    public SubFlowCancel getSubFlowCancel() {
        return subFlowCancel;
    }

    /**
     * Sets what {@code /cancel} inside a sub-flow does.
     *
     * @param subFlowCancel the mode
     */
    public void setSubFlowCancel(SubFlowCancel subFlowCancel) {
        this.subFlowCancel = subFlowCancel;
    }

    /**
     * Returns the nesting limit (default {@code FlowEngine.DEFAULT_MAX_CALL_DEPTH}).
     *
     * @return the limit
     */
    public int getMaxCallDepth() {
        return maxCallDepth;
    }

    /**
     * Sets the nesting limit.
     *
     * @param maxCallDepth the limit, at least 1
     */
    public void setMaxCallDepth(int maxCallDepth) {
        this.maxCallDepth = maxCallDepth;
    }
}
