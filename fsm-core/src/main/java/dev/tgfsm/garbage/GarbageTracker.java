package dev.tgfsm.garbage;

import java.time.Instant;

import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.outbox.OnSent;

/**
 * Marks chat messages as garbage of a conversation: a tracked message is deleted (or, past
 * {@link GarbageConfig#maxAge()}, skipped or edited) once the conversation's state changes, in the
 * same commit as the change, unless the state it leaves is one of
 * {@link GarbageConfig#keepWhenLeaving()}. Tracking is stored in the conversation's record, so it
 * commits with the rest of the update and survives restarts; at most {@link GarbageConfig#maxTracked()}
 * messages are kept, the oldest forgotten first, and a message tracked twice is kept once.
 *
 * <p>The starter provides one as a bean when clean-up is on ({@code tgfsm.garbage.enabled}, the
 * default with a Telegram client); inject it with {@code ObjectProvider<GarbageTracker>}, since there
 * is none when clean-up is off. Thread-safe.
 */
public interface GarbageTracker {

    /**
     * Tracks a message sent now in the conversation's chat.
     *
     * @param ctx the conversation slot
     * @param messageId the message
     */
    void track(FsmContext ctx, int messageId);

    /**
     * Tracks a message.
     *
     * @param ctx the conversation slot
     * @param chatId the chat of the message
     * @param messageId the message
     * @param sentAt when it was sent
     */
    void track(FsmContext ctx, long chatId, int messageId, Instant sentAt);

    /**
     * Tracks a message the bot just sent, dated by the message.
     *
     * @param ctx the conversation slot
     * @param sent the message as Telegram returned it
     * @return the same message, to wrap a send: {@code tracker.trackSent(ctx, client.execute(send))}
     */
    Message trackSent(FsmContext ctx, Message sent);

    /**
     * Returns what tracks a message once the outbox delivered it: the {@link OnSent} to give an outbox
     * call or a live message, for a message sent after the commit.
     *
     * @param destiny the slot (destiny) of the conversation to track the message in, such as
     *        {@code StorageKey.DEFAULT_DESTINY}
     * @return the callback
     */
    OnSent<Message> tracking(String destiny);
}
