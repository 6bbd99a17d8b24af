package dev.tgfsm.storage;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * An optional capability of a {@link FsmStorage}: atomic counters, kept beside the records under
 * names of their own. The fixed-window rate limit and the rate limit's notice use them. There is
 * no fallback built on records: a feature that needs counters asks for them with
 * {@link FsmStorage#require FsmStorage.require} when it is built, so a backend without them fails at start-up.
 *
 * <p>Counters are not records: they never show up in {@link FsmStorage#listKeys}, and
 * {@link FsmStorage#clearNamespace} removes them.
 */
public interface CounterStorage extends FsmStorage {

    /**
     * Adds to a counter atomically, creating it at 0 if absent. The time to live is set when the
     * counter is created and kept on later increments (a fixed window). A counter whose time to live
     * has passed is absent, so the next increment starts again from 0.
     *
     * @param counter the counter's name, any string
     * @param amount what to add, may be negative
     * @param ttl how long a new counter lives, or {@code null} for no expiry
     * @return the counter's new value
     */
    long increment(String counter, long amount, @Nullable Duration ttl);
}
