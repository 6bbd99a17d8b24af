package dev.tgfsm.flow;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
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
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.outbox.OnSent;
import dev.tgfsm.outbox.Outbox;

/**
 * A {@link Messenger} that queues TelegramBots requests in the update's
 * {@linkplain Outbox outbox}, to the chat (and forum topic and business
 * connection) the update came from: they are sent after the update's commit, by the outbox relay of
 * the {@link FsmContexts}.
 *
 * <p>Two cases have no commit to wait for, and are sent at once through the client given to the
 * constructor: an update without a unit of work (one whose conversation record could not be read),
 * and {@link #answerCallbackNow} (a button answered although the update failed). Without a client
 * such sends fail with an {@link FsmException}.
 */
public final class TelegramMessenger implements Messenger {

    private final Supplier<TelegramClient> direct;

    private final OutboundLimiter limiter;

    /**
     * Creates a messenger that only queues in the outbox.
     */
    public TelegramMessenger() {
        this(() -> null);
    }

    /**
     * Creates a messenger that queues in the outbox and sends at once where there is no commit.
     *
     * @param direct gives the client for sends outside a unit of work; it may give {@code null}
     */
    public TelegramMessenger(@Nullable Supplier<TelegramClient> direct) {
        this(direct, OutboundLimiter.unlimited());
    }

    /**
     * Creates a messenger whose immediate sends pass an outbound limiter (queued calls pass the outbox
     * relay's).
     *
     * @param direct gives the client for sends outside a unit of work; it may give {@code null}
     * @param limiter the flood control immediate sends pass
     */
    public TelegramMessenger(@Nullable Supplier<TelegramClient> direct, OutboundLimiter limiter) {
        this.direct = Objects.requireNonNull(direct, "direct must not be null");
        this.limiter = Objects.requireNonNull(limiter, "limiter must not be null");
    }

    @Override
    public void send(UpdateContext update, String text, @Nullable Keyboard keyboard, @Nullable OnSent<Message> onSent) {
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
        if (!update.hasConversation()) {
            sendNow(message);
        }
        else if (onSent != null) {
            update.transaction().outbox().send(message, onSent);
        }
        else {
            update.transaction().outbox().send(message);
        }
    }

    @Override
    public void answerCallback(UpdateContext update, @Nullable String notice) {
        if (update.update().getCallbackQuery() == null) {
            return;
        }
        AnswerCallbackQuery answer = answer(update, notice);
        if (update.hasConversation()) {
            update.transaction().outbox().send(answer);
        }
        else {
            sendNow(answer);
        }
        update.markCallbackAnswered();
    }

    @Override
    public void answerCallbackNow(UpdateContext update, @Nullable String notice) {
        if (update.update().getCallbackQuery() == null) {
            return;
        }
        sendNow(answer(update, notice));
        update.markCallbackAnswered();
    }

    private static AnswerCallbackQuery answer(UpdateContext update, @Nullable String notice) {
        return AnswerCallbackQuery.builder().callbackQueryId(update.update().getCallbackQuery().getId()).text(notice)
                .build();
    }

    private <T extends Serializable> void sendNow(BotApiMethod<T> method) {
        TelegramClient client = direct.get();
        if (client == null) {
            throw new FsmException("No TelegramClient to send " + method.getMethod()
                    + " outside a unit of work: set tgfsm.bot.token or define a TelegramClient bean");
        }
        try {
            limiter.execute(client, method);
        }
        catch (TelegramApiException ex) {
            throw new FsmException("Bot API call " + method.getMethod() + " failed: " + ex.getMessage(), ex);
        }
    }

    private static @Nullable ReplyKeyboard markup(@Nullable Keyboard keyboard) {
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
                KeyboardButton button = new KeyboardButton(key.text());
                button.setRequestContact(key.request() == Keyboard.Request.CONTACT ? Boolean.TRUE : null);
                button.setRequestLocation(key.request() == Keyboard.Request.LOCATION ? Boolean.TRUE : null);
                r.add(button);
            }
            rows.add(r);
        }
        ReplyKeyboardMarkup markup = new ReplyKeyboardMarkup(rows);
        markup.setResizeKeyboard(true);
        markup.setOneTimeKeyboard(true);
        return markup;
    }
}
