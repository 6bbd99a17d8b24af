package dev.tgfsm.ratelimit;

/** What a check answers when the storage cannot be reached. */
public enum RateLimitFailureMode {
    /** Let the request through. */
    OPEN,
    /** Refuse the request. */
    CLOSED
}
