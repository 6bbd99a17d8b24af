package dev.tgfsm.ratelimit;

/** How permits are counted. */
public enum RateLimitAlgorithm {
    /** Generic cell rate algorithm: a smooth rate with a burst; one round trip per check. */
    GCRA,
    /** A counter per aligned window of one period, on {@code increment}; bursts at window edges. */
    FIXED_WINDOW
}
