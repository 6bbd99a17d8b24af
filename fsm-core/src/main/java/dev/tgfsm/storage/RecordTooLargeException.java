package dev.tgfsm.storage;

import dev.tgfsm.FsmException;

/**
 * Thrown when a write would store a record larger than the configured limit, or a history longer
 * than allowed. Nothing was written; the stored record is as it was.
 */
public class RecordTooLargeException extends FsmException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param key the key of the record
     * @param size the size the write would have reached
     * @param limit the limit
     * @param unit what is counted, for example {@code "bytes"}
     */
    public RecordTooLargeException(String key, long size, long limit, String unit) {
        super("Record " + key + " would be " + size + " " + unit + ", over the limit of " + limit + " " + unit
                + "; nothing was written");
    }
}
