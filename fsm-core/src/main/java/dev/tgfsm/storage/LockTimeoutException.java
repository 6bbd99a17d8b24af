package dev.tgfsm.storage;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmException;
import dev.tgfsm.key.StorageKey;

/**
 * Thrown when a conversation's lock could not be taken within the configured wait because another
 * holder has it. It means "retry later": the caller did not get the lock, and nothing was read or
 * written.
 */
public class LockTimeoutException extends FsmException {

    private static final long serialVersionUID = 1L;

    /** How long the other holder's lease still ran at the last attempt, or {@code null} if not known. */
    private final @Nullable Duration holderRemaining;

    /**
     * Creates the exception when the holder's remaining lease is not known.
     *
     * @param key the conversation
     * @param waited how long the caller waited
     */
    public LockTimeoutException(StorageKey key, Duration waited) {
        this(key, waited, null);
    }

    /**
     * Creates the exception.
     *
     * @param key the conversation
     * @param waited how long the caller waited
     * @param holderRemaining how long the other holder's lease still ran at the last attempt, or
     *        {@code null} if not known
     */
    public LockTimeoutException(StorageKey key, Duration waited, @Nullable Duration holderRemaining) {
        super("Could not lock conversation " + key + " within " + waited.toMillis()
                + " ms: its lock is held by another holder"
                + (holderRemaining == null || holderRemaining.isZero() ? ""
                        : " whose lease runs " + holderRemaining.toMillis() + " ms more")
                + "; the update is to be retried later (a holder that stopped lapses within its lease;"
                + " raise tgfsm.isolation.lock-wait if handlers are slow)");
        this.holderRemaining = holderRemaining;
    }

    /**
     * Returns how long the other holder's lease still ran at the last attempt.
     *
     * @return the remaining lease, or {@code null} if not known
     */
    public @Nullable Duration holderRemaining() {
        return holderRemaining;
    }
}
