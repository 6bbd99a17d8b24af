package dev.tgfsm.storage;

import dev.tgfsm.FsmException;

/**
 * Thrown when a stored record cannot be read: its JSON is invalid, a field is missing or has the
 * wrong type. The message names the key; the stored record is left exactly as it was so that it can
 * be inspected or repaired.
 */
public class CorruptRecordException extends FsmException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * Creates the exception.
     *
     * @param key the rendered or described key of the record
     * @param problem what is wrong with it
     * @param cause the parser's exception, or {@code null}
     */
    public CorruptRecordException(String key, String problem, Throwable cause) {
        super("Corrupt record at " + key + ": " + problem + " (the record was left untouched)", cause);
        this.key = key;
    }

    /**
     * Returns the key of the corrupt record.
     *
     * @return the key as rendered by the backend
     */
    public String key() {
        return key;
    }
}
