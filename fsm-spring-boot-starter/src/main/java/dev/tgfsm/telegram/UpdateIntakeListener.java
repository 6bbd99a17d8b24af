package dev.tgfsm.telegram;

/**
 * Told about updates the long-polling intake could not hand to the dispatcher, for metrics and
 * alerts. Register a bean; methods are called on the polling thread and must not throw or block.
 */
public interface UpdateIntakeListener {

    /**
     * An update could not be parsed; it was logged once, confirmed to Telegram and skipped, and the
     * others went on.
     *
     * @param updateId the update's id
     * @param reason a short reason, for example the field whose value had an unexpected type
     */
    void malformed(int updateId, String reason);
}
