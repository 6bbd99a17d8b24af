package dev.tgfsm;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a stored record cannot be read: its JSON is invalid, a field is missing or has the
 * wrong type. The message names the key; the stored record is left exactly as it was so that it can
 * be inspected or repaired.
 */
public class CorruptRecordException extends FsmException {

    private static final long serialVersionUID = 1L;

    /** The rendered or described key of the unreadable record. */
    private final String key;

    /** The record as stored (or the part that failed), or {@code null} if it was not at hand. */
    private final @Nullable String raw;

    /**
     * Creates the exception.
     *
     * @param key the rendered or described key of the record
     * @param problem what is wrong with it
     * @param cause the parser's exception, or {@code null}
     */
    public CorruptRecordException(String key, String problem, @Nullable Throwable cause) {
        this(key, problem, cause, null);
    }

    /**
     * Creates the exception, keeping the stored text that could not be read for the log.
     *
     * @param key the rendered or described key of the record
     * @param problem what is wrong with it
     * @param cause the parser's exception, or {@code null}
     * @param raw the record as stored (or the part that failed), or {@code null} if not at hand
     */
    public CorruptRecordException(String key, String problem, @Nullable Throwable cause, @Nullable String raw) {
        super("Corrupt record at " + key + ": " + problem + " (the record was left untouched)", cause);
        this.key = key;
        this.raw = raw;
    }

    /**
     * Returns the record as stored, as far as the backend had it at hand when decoding failed. It
     * holds user data: log it bounded, at most once.
     *
     * @return the raw text, or {@code null}
     */
    public @Nullable String raw() {
        return raw;
    }

    /**
     * Returns a copy that carries the whole raw record (for a backend that decodes a record field by
     * field and has the whole record at hand).
     *
     * @param rawRecord the record as stored
     * @return an exception with the same key, message and cause
     */
    public CorruptRecordException withRaw(String rawRecord) {
        if (rawRecord == null) {
            return this;
        }
        CorruptRecordException copy = new CorruptRecordException(key, getMessage(), rawRecord, this);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    private CorruptRecordException(String key, String message, String raw, CorruptRecordException original) {
        super(message, original.getCause());
        this.key = key;
        this.raw = raw;
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
