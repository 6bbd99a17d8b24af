package dev.tgfsm.dispatch;

/**
 * Handles one update inside its unit of work. Whatever it changes through the context is committed
 * once, atomically, after it returns; if it throws, nothing is committed.
 */
@FunctionalInterface
public interface UpdateHandler {

    /**
     * Handles an update.
     *
     * @param update the update with its conversation context
     * @throws Exception anything; it is reported and the update's changes are dropped
     */
    void handle(UpdateContext update) throws Exception;
}
