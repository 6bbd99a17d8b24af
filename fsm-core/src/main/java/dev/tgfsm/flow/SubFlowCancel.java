package dev.tgfsm.flow;

/**
 * What {@code /cancel} does inside a sub-flow (a flow another flow, a scene or a handler called).
 */
public enum SubFlowCancel {

    /** Cancels only the sub-flow: the caller resumes where it called it, without a result. */
    PARENT,

    /** Cancels the sub-flow and every flow that called it, like {@code /cancel} outside sub-flows. */
    ALL
}
