package dev.tgfsm.flow;

import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgfsm.dispatch.UpdateContext;

/**
 * How the flow engine talks to the user. {@link TelegramMessenger} sends through a TelegramBots
 * client; tests and the console use the same one with a recording client.
 */
public interface Messenger {

    /**
     * Sends a message to the chat of the update.
     *
     * @param update the update being handled
     * @param text the text
     * @param keyboard buttons to show, or {@code null} (a reply keyboard shown earlier is removed)
     * @return the message sent (so callers can track or edit it), or {@code null} if unknown
     */
    Message send(UpdateContext update, String text, Keyboard keyboard);

    /**
     * Answers the callback query of the update, if it is one, so the client stops its spinner.
     *
     * @param update the update being handled
     * @param notice a short notice shown to the user, or {@code null}
     */
    void answerCallback(UpdateContext update, String notice);
}
