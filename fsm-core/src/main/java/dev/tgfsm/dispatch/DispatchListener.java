package dev.tgfsm.dispatch;

import java.time.Duration;

import org.telegram.telegrambots.meta.api.objects.Update;

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
     * The commit found that another writer changed the conversation first; nothing was committed.
     *
     * @param update the update
     */
    default void conflicted(Update update) {
    }

    /**
     * An update was skipped because it had been handled already.
     *
     * @param update the update
     */
    default void duplicate(Update update) {
    }
}
