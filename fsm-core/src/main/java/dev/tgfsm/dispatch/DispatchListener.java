package dev.tgfsm.dispatch;

import java.time.Duration;

import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.pipeline.Phase;

/**
 * Told what became of each update, for metrics and logs. Methods are called on the worker thread
 * and must not throw.
 */
public interface DispatchListener {

    /**
     * An update was handled and its changes committed.
     *
     * @param update the update
     * @param took how long handling and committing took
     */
    default void handled(Update update, Duration took) {
    }

    /**
     * A handler threw; nothing of the update was committed.
     *
     * @param update the update
     * @param error what it threw
     */
    default void failed(Update update, Throwable error) {
    }

    /**
     * The commit found that another writer changed the conversation first; nothing was committed and
     * the update is run again.
     *
     * @param update the update
     */
    default void conflicted(Update update) {
    }

    /**
     * An update was dropped before its unit of work, by the pipeline's rate limit or a
     * {@link Phase#BEFORE_LOCK} middleware: nothing was locked, loaded or
     * committed, and the update is done.
     *
     * @param update the update
     */
    default void dropped(Update update) {
    }

    /**
     * An update was skipped because it had been handled already.
     *
     * @param update the update
     */
    default void duplicate(Update update) {
    }

    /**
     * The storage is unavailable and an update of this conversation waits for it: the update found
     * the storage down and is run again when it answers, or it is queued while the storage is down.
     * Called once per conversation per outage, while the storage is down (so a listener must not use
     * it), on a worker thread or the thread that submits the update.
     *
     * @param update the update that found the storage down
     * @param key its conversation
     */
    default void storageUnavailable(Update update, StorageKey key) {
    }

    /**
     * The storage answered again after an outage; the updates that waited are being handled.
     *
     * @param outage how long the storage was unavailable, from the first failure to the first success
     */
    default void storageRecovered(Duration outage) {
    }
}
