package dev.tgfsm.flow;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.outbox.OnSent;
import dev.tgfsm.outbox.Outbox;

/**
 * How the flow engine talks to the user. {@link TelegramMessenger} queues Bot API calls in the
 * update's {@linkplain Outbox outbox}, so they are sent only after the update's
 * commit; tests and the console use the same one with a recording client behind the outbox.
 */
public interface Messenger {

    /**
     * Sends a message to the chat of the update, after the update's commit.
     *
     * @param update the update being handled
     * @param text the text
     * @param keyboard buttons to show, or {@code null} (a reply keyboard shown earlier is removed)
     * @param onSent gets the sent message after delivery (to track or edit it later), or {@code null}
     */
    void send(UpdateContext update, String text, @Nullable Keyboard keyboard, @Nullable OnSent<Message> onSent);

    /**
     * Sends a message to the chat of the update, after the update's commit.
     *
     * @param update the update being handled
     * @param text the text
     * @param keyboard buttons to show, or {@code null} (a reply keyboard shown earlier is removed)
     */
    default void send(UpdateContext update, String text, @Nullable Keyboard keyboard) {
        send(update, text, keyboard, null);
    }

    /**
     * Answers the callback query of the update, if it is one, so the client stops its spinner.
     *
     * @param update the update being handled
     * @param notice a short notice shown to the user, or {@code null}
     */
    void answerCallback(UpdateContext update, @Nullable String notice);

    /**
     * Answers the callback query of the update at once, not after the commit: for an update whose
     * unit of work failed, so that the button stops spinning although nothing is committed. The
     * default answers the usual way.
     *
     * @param update the update being handled
     * @param notice a short notice shown to the user, or {@code null}
     */
    default void answerCallbackNow(UpdateContext update, @Nullable String notice) {
        answerCallback(update, notice);
    }
}
