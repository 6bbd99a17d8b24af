package dev.tgfsm.ratelimit;

/** What one limit counts. */
public enum RateLimitScope {
    /** Each user on their own, across chats. */
    USER,
    /** Each chat as a whole. */
    CHAT,
    /** The whole bot. */
    GLOBAL
}
