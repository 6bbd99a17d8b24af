package dev.tgfsm.storage;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmException;

/**
 * Thrown when the store kept refusing an operation under contention (deadlocks, row-lock waits that
 * timed out, races with concurrent writers) more often than the backend tries it again on its own.
 * Nothing of the operation was written: its transaction was rolled back each time.
 *
 * <p>It passes by itself, like {@link FsmConflictException}: the update dispatcher runs the update
 * again after a back-off and acknowledges it to Telegram only once it has committed, so a burst of
 * contention delays updates and loses none. Unlike {@link StorageUnavailableException} it is no
 * outage: the store answers, and health stays up.
 */
public class StorageBusyException extends FsmException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was given up, and after how many attempts
     * @param cause the last refusal from the driver, or {@code null} when the backend itself saw the race
     */
    public StorageBusyException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
