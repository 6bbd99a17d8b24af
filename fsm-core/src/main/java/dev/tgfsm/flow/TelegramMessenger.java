package dev.tgfsm.flow;

import java.util.ArrayList;
import java.util.List;

import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboard;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboardRemove;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.KeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.KeyboardRow;

import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.outbox.OnSent;

/**
 * A {@link Messenger} that queues TelegramBots requests in the update's
 * {@linkplain dev.tgfsm.outbox.Outbox outbox}, to the chat (and forum topic and business
 * connection) the update came from: they are sent after the update's commit, by the outbox relay of
 * the {@link dev.tgfsm.context.FsmContexts}.
 */
public final class TelegramMessenger implements Messenger {

    /**
     * Creates the messenger.
     */
    public TelegramMessenger() {
    }

    @Override
    public void send(UpdateContext update, String text, Keyboard keyboard, OnSent<Message> onSent) {
        var identity = update.identity().orElseThrow(
                () -> new IllegalStateException("Cannot reply to an update without a chat"));
        Long chat = identity.chatId() != null ? identity.chatId() : identity.userId();
        SendMessage message = SendMessage.builder().chatId(chat).text(text).replyMarkup(markup(keyboard)).build();
        if (identity.threadId() != null) {
            message.setMessageThreadId(identity.threadId().intValue());
        }
        if (identity.businessConnectionId() != null) {
            message.setBusinessConnectionId(identity.businessConnectionId());
        }
        if (onSent != null) {
            update.transaction().outbox().send(message, onSent);
        }
        else {
            update.transaction().outbox().send(message);
        }
    }

    @Override
    public void answerCallback(UpdateContext update, String notice) {
        if (update.update().getCallbackQuery() == null) {
            return;
        }
        AnswerCallbackQuery answer = AnswerCallbackQuery.builder()
                .callbackQueryId(update.update().getCallbackQuery().getId()).text(notice).build();
        update.transaction().outbox().send(answer);
    }

    private static ReplyKeyboard markup(Keyboard keyboard) {
        if (keyboard == null) {
            return null;
        }
        if (keyboard.inline()) {
            List<InlineKeyboardRow> rows = new ArrayList<>();
            for (List<Keyboard.Key> row : keyboard.rows()) {
                InlineKeyboardRow r = new InlineKeyboardRow();
                for (Keyboard.Key key : row) {
                    r.add(InlineKeyboardButton.builder().text(key.text()).callbackData(key.data()).build());
                }
                rows.add(r);
            }
            return new InlineKeyboardMarkup(rows);
        }
        if (keyboard.rows().isEmpty()) {
            return new ReplyKeyboardRemove(true);
        }
        List<KeyboardRow> rows = new ArrayList<>();
        for (List<Keyboard.Key> row : keyboard.rows()) {
            KeyboardRow r = new KeyboardRow();
            for (Keyboard.Key key : row) {
                r.add(new KeyboardButton(key.text()));
            }
            rows.add(r);
        }
        ReplyKeyboardMarkup markup = new ReplyKeyboardMarkup(rows);
        markup.setResizeKeyboard(true);
        markup.setOneTimeKeyboard(true);
        return markup;
    }
}
