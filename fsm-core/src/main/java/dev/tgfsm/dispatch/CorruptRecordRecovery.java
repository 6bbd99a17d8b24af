package dev.tgfsm.dispatch;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.Internal;
import dev.tgfsm.flow.CorruptRecords;
import dev.tgfsm.key.StorageKey;

/**
 * What the {@link UpdateDispatcher} does with an update whose conversation holds a record that
 * cannot be decoded ({@link CorruptRecordException} while locking and loading it, or while the
 * handler loads another slot). The standard implementation is
 * {@link CorruptRecords}; without one the update fails like any other.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
@FunctionalInterface
public interface CorruptRecordRecovery {

    /**
     * Recovers from a record that cannot be decoded: logs it, deals with the record and answers
     * the user, handling the update again through {@code retry} where that makes sense.
     *
     * @param update the update, without a conversation context (the record could not be read)
     * @param key the conversation's key in the default destiny
     * @param error what could not be decoded
     * @param retry handles the update again in a fresh unit of work of the same conversation
     * @throws Exception what the retry or a handler threw; the update then failed
     */
    void recover(UpdateContext update, StorageKey key, CorruptRecordException error, Retry retry) throws Exception;

    /**
     * Handles the update again, as the dispatcher would: a fresh unit of work, the handler chain,
     * the commit.
     */
    @FunctionalInterface
    interface Retry {

        /**
         * Runs the update again.
         *
         * @throws Exception what the handler or the commit threw
         */
        void run() throws Exception;
    }
}
