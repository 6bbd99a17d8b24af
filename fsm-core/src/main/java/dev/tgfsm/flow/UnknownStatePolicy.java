package dev.tgfsm.flow;

/**
 * What to do with a stored state that names a flow the bot knows but a node it no longer has (the
 * flow was changed, the record is older). Never an error loop.
 */
public enum UnknownStatePolicy {

    /** Leave the flow, clear the state and tell the user to start again. The default. */
    RESET,

    /** Keep the state and let the next handler see the update. */
    KEEP,

    /** Let the next handler (a router with a fallback or a handler for such states) decide. */
    ROUTE
}
