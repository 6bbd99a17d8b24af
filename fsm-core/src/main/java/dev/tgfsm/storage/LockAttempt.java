package dev.tgfsm.storage;

import java.time.Duration;
import java.util.Map;

import dev.tgfsm.key.StorageKey;

/**
 * The outcome of {@link FsmStorage#lockAndLoad}: either the lock was taken and the records were
 * read in the same step, or another holder has it for some time yet.
 *
 * @param acquired whether the caller now holds the lock
 * @param records the records read, keyed as asked (empty when not acquired)
 * @param holderRemaining how long the current holder's lease still runs when not acquired, else zero
 */
public record LockAttempt(boolean acquired, Map<StorageKey, FsmRecord> records, Duration holderRemaining) {

    /**
     * Copies the map.
     *
     * @param acquired whether the caller now holds the lock
     * @param records the records read, keyed as asked; copied
     * @param holderRemaining how long the current holder's lease still runs when not acquired, else zero
     */
    public LockAttempt {
        records = Map.copyOf(records);
    }

    /**
     * A successful attempt.
     *
     * @param records the records read
     * @return the attempt
     */
    public static LockAttempt acquired(Map<StorageKey, FsmRecord> records) {
        return new LockAttempt(true, records, Duration.ZERO);
    }

    /**
     * A failed attempt.
     *
     * @param holderRemaining the time left on the holder's lease
     * @return the attempt
     */
    public static LockAttempt busy(Duration holderRemaining) {
        return new LockAttempt(false, Map.of(), holderRemaining);
    }
}
