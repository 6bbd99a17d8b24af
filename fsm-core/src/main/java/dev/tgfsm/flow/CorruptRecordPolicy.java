package dev.tgfsm.flow;

/**
 * What {@link CorruptRecords} does with a conversation whose stored record cannot be decoded (after
 * logging the raw record once at WARN).
 */
public enum CorruptRecordPolicy {

    /**
     * Delete the conversation's records without decoding them (the main slot, the history and any
     * other slot that cannot be read; readable preferences are kept), tell the user, and handle the
     * update normally on the fresh record. The default.
     */
    RESET,

    /**
     * Keep the raw record for inspection and route the update to the application's
     * {@link CorruptRecordHandler} (by default: tell the user to send {@code /reset}). {@code /reset}
     * still works: it deletes the records and then resets the conversation as usual.
     */
    KEEP
}
