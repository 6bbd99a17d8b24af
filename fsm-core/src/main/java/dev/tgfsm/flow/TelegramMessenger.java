package dev.tgfsm.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmException;
import dev.tgfsm.dispatch.UpdateContext;

/**
 * A {@link Messenger} that sends through a TelegramBots {@link TelegramClient}, to the chat (and
 * forum topic) the update came from.
 */
public final class TelegramMessenger implements Messenger {

    private final TelegramClient client;

    /**
     * Creates the messenger.
     *
     * @param client the client
     */
    public TelegramMessenger(TelegramClient client) {
        this.client = Objects.requireNonNull(client, "client must not be null");
    }

    @Override
    public Message send(UpdateContext update, String text, Keyboard keyboard) {
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
        try {
            return client.execute(message);
        }
        catch (TelegramApiException ex) {
            throw new FsmException("Telegram refused a message: " + ex.getMessage(), ex);
        }
    }

    @Override
    public void answerCallback(UpdateContext update, String notice) {
        if (update.update().getCallbackQuery() == null) {
            return;
        }
        AnswerCallbackQuery answer = AnswerCallbackQuery.builder()
                .callbackQueryId(update.update().getCallbackQuery().getId()).text(notice).build();
        execute(() -> client.execute(answer));
        update.markCallbackAnswered();
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

    private interface Call {
        void run() throws TelegramApiException;
    }

    private static void execute(Call call) {
        try {
            call.run();
        }
        catch (TelegramApiException ex) {
            throw new FsmException("Telegram refused a message: " + ex.getMessage(), ex);
        }
    }
}
