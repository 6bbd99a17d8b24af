package dev.tgfsm.outbox;

import java.io.Serializable;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.context.FsmContext;

/**
 * What to do once a queued Bot API call was delivered: it gets the call's result (the sent message,
 * for example) and may return changes to make to the conversation's main record, which are stored
 * with the delivery's acknowledgement (in the conversation's next commit on this instance, or by
 * the background flush). Typical follow-ups remember the sent message's id (garbage tracking, a live
 * message).
 *
 * <p>Runs on the thread that committed, after the commit; it must not block. Follow-ups live in
 * memory only: if the process dies before the acknowledgement is stored, a redelivery by another
 * process sends the call again but has no follow-up to apply.
 *
 * @param <T> the call's result type
 */
@FunctionalInterface
public interface OnSent<T extends Serializable> {

    /**
     * Tells that the call was delivered.
     *
     * @param result the Bot API's result, or {@code null} when Telegram answered that there was nothing
     *        to do (an edit that changed nothing, a delete of a message already gone)
     * @return the follow-up change to the conversation's main context, or {@code null} for none
     */
    @Nullable
    Consumer<FsmContext> sent(@Nullable T result);
}
