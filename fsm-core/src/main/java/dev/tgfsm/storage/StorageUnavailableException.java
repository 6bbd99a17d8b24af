package dev.tgfsm.storage;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmException;

/**
 * Thrown when the storage cannot be reached or did not answer in time. The outcome of a write that
 * failed this way is unknown: it may or may not have been applied, which is why every commit is
 * guarded by a version check.
 */
public class StorageUnavailableException extends FsmException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause the driver's exception, or {@code null} when the failure was inferred without a call
     */
    public StorageUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
