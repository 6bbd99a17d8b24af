package dev.tgfsm.storage;

import java.time.Duration;

import dev.tgfsm.FsmException;
import dev.tgfsm.key.StorageKey;

/**
 * Thrown when a conversation's lock could not be taken within the configured wait.
 */
public class LockTimeoutException extends FsmException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param key the conversation
     * @param waited how long the caller waited
     */
    public LockTimeoutException(StorageKey key, Duration waited) {
        super("Could not lock conversation " + key + " within " + waited.toMillis()
                + " ms; another update of it is still running (raise tgfsm.isolation.lock-wait if handlers are slow)");
    }
}
