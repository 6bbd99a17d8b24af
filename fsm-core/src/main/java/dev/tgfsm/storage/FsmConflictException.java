package dev.tgfsm.storage;

import dev.tgfsm.FsmException;
import dev.tgfsm.key.StorageKey;

/**
 * Thrown by {@link FsmStorage#save} when a stored version no longer matches the expected one:
 * another writer changed the record first. Nothing of the batch was written.
 */
public class FsmConflictException extends FsmException {

    private static final long serialVersionUID = 1L;

    private final transient StorageKey key;

    /**
     * Creates the exception.
     *
     * @param key the first key whose version did not match
     * @param expected the version the writer expected
     * @param actual the version found, or -1 if unknown
     */
    public FsmConflictException(StorageKey key, long expected, long actual) {
        super("Version conflict on " + key + ": expected " + expected
                + (actual >= 0 ? ", found " + actual : "") + "; nothing was written");
        this.key = key;
    }

    /**
     * Returns the key whose version did not match.
     *
     * @return the key
     */
    public StorageKey key() {
        return key;
    }
}
