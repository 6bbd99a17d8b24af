package dev.tgfsm.testing;

import java.util.concurrent.atomic.AtomicInteger;

import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.inlinequery.InlineQuery;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Builds real TelegramBots {@link Update}s for tests: private-chat messages, edits, callback
 * queries and inline queries, each with a fresh update id. The chat of a private message has the
 * user's id, as in Telegram.
 */
public final class TestUpdates {

    private static final AtomicInteger IDS = new AtomicInteger(1_000);

    private TestUpdates() {
    }

    /**
     * A text message from a user in their private chat.
     *
     * @param userId the user (and chat)
     * @param text the text
     * @return the update
     */
    public static Update message(long userId, String text) {
        return message(userId, userId, text);
    }

    /**
     * A text message from a user in a chat.
     *
     * @param chatId the chat
     * @param userId the user
     * @param text the text, or {@code null} for a message without text
     * @return the update
     */
    public static Update message(long chatId, long userId, String text) {
        Update update = newUpdate();
        update.setMessage(textMessage(chatId, userId, text));
        return update;
    }

    /**
     * An edit of a message in a user's private chat.
     *
     * @param userId the user (and chat)
     * @param text the new text
     * @return the update
     */
    public static Update editedMessage(long userId, String text) {
        Update update = newUpdate();
        update.setEditedMessage(textMessage(userId, userId, text));
        return update;
    }

    /**
     * A press of an inline keyboard button under a message in a user's private chat.
     *
     * @param userId the user (and chat)
     * @param data the button's callback data
     * @return the update
     */
    public static Update callback(long userId, String data) {
        CallbackQuery query = new CallbackQuery();
        query.setId("cq" + IDS.incrementAndGet());
        query.setFrom(user(userId));
        query.setMessage(textMessage(userId, userId, "keyboard"));
        query.setChatInstance("ci" + userId);
        query.setData(data);
        Update update = newUpdate();
        update.setCallbackQuery(query);
        return update;
    }

    /**
     * An inline query from a user.
     *
     * @param userId the user
     * @param query the query text
     * @return the update
     */
    public static Update inlineQuery(long userId, String query) {
        InlineQuery inline = new InlineQuery("iq" + IDS.incrementAndGet(), user(userId), null, query, "", null);
        Update update = newUpdate();
        update.setInlineQuery(inline);
        return update;
    }

    /**
     * A user who is not a bot.
     *
     * @param userId the id
     * @return the user
     */
    public static User user(long userId) {
        return new User(userId, "User" + userId, false);
    }

    private static Message textMessage(long chatId, long userId, String text) {
        Message message = new Message();
        message.setMessageId(IDS.incrementAndGet());
        message.setDate((int) (1_700_000_000L + IDS.get()));
        message.setChat(new Chat(chatId, chatId == userId ? "private" : "group"));
        message.setFrom(user(userId));
        message.setText(text);
        return message;
    }

    private static Update newUpdate() {
        Update update = new Update();
        update.setUpdateId(IDS.incrementAndGet());
        return update;
    }
}
