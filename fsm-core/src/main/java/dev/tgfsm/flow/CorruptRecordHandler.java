package dev.tgfsm.flow;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.dispatch.UpdateContext;

/**
 * The application's answer to an update whose conversation record cannot be decoded, under
 * {@link CorruptRecordPolicy#KEEP}. The record has been logged and is left as it is.
 */
@FunctionalInterface
public interface CorruptRecordHandler {

    /**
     * Handles the update.
     *
     * @param update the update, without a conversation context ({@link UpdateContext#hasConversation()}
     *        is {@code false}); its identity names the chat to answer
     * @param error what could not be decoded, with the key
     * @throws Exception anything; the update then fails
     */
    void handle(UpdateContext update, CorruptRecordException error) throws Exception;
}
