package dev.tgfsm.dispatch;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Watches each update of a dispatcher from intake to done, for tracing (the starter implements it
 * with one Micrometer Observation per update). Set with {@link UpdateDispatcher#setObserver} (the starter
 * sets every bean of this type, in their order); without one the dispatcher creates nothing per update.
 * Methods must be cheap and must not throw.
 */
public interface UpdateObserver {

    /**
     * An update was accepted, on the thread that submits it (a poller, a webhook request).
     *
     * @param update the update
     * @param botId the dispatcher's bot
     * @return the update's watch: entered around the update's run on the worker thread (an update
     *         skipped at intake is never entered), and ended exactly once
     */
    Watch started(Update update, long botId);

    /** The watch of one update. */
    interface Watch {

        /** The update starts running on this (worker) thread; what it does there belongs to this watch. */
        void enter();

        /**
         * The update is done (committed, skipped, dropped, failed, withdrawn or abandoned); called on
         * the thread that entered, or on the submitting thread for an update skipped at intake.
         *
         * @param outcome what became of the update
         * @param error what the handler or the storage threw, for {@link Outcome#FAILED}; else {@code null}
         */
        void ended(Outcome outcome, @Nullable Throwable error);
    }

    /** What became of an update. */
    enum Outcome {

        /** Handled and committed. */
        HANDLED,

        /** Skipped: handled before (remembered in memory or in the conversation's record). */
        DUPLICATE,

        /** Dropped before its unit of work by the rate limit or a middleware before the lock. */
        DROPPED,

        /** A handler or the admission threw; nothing was committed. */
        FAILED,

        /** Its caller (a webhook that answered with an error) took it back; nothing was committed. */
        WITHDRAWN,

        /** The dispatcher shut down before the update could be handled; Telegram delivers it again. */
        ABANDONED
    }
}
