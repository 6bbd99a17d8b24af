package dev.tgfsm.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Builds the parts of updates as Bot API JSON (maps), shared by {@link Updates} and
 * {@link LocalBotApiServer} so both send exactly what Telegram sends.
 */
final class BotApiJson {

    private BotApiJson() {
    }

    /** A human user. */
    static Map<String, Object> user(long userId) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", userId);
        user.put("is_bot", false);
        user.put("first_name", "User" + userId);
        return user;
    }

    /** A message without content; the chat is private when it is the user's own. */
    static Map<String, Object> message(long chatId, long userId, int messageId, long epochSecond) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", messageId);
        message.put("date", epochSecond);
        message.put("chat", Map.of("id", chatId, "type", chatId == userId ? "private" : "group"));
        message.put("from", user(userId));
        return message;
    }

    /** A text message; a leading {@code /word} gets a {@code bot_command} entity. */
    static Map<String, Object> textMessage(long chatId, long userId, int messageId, long epochSecond,
            @Nullable String text) {
        Map<String, Object> message = message(chatId, userId, messageId, epochSecond);
        if (text == null) {
            return message;
        }
        message.put("text", text);
        if (text.startsWith("/")) {
            int end = text.indexOf(' ');
            List<Object> entities = new ArrayList<>();
            entities.add(Map.of("type", "bot_command", "offset", 0, "length", end < 0 ? text.length() : end));
            message.put("entities", entities);
        }
        return message;
    }

    /** A press of an inline button under a message the bot sent. */
    static Map<String, Object> callbackQuery(String id, long chatId, long userId, int messageId, long epochSecond,
            String data) {
        Map<String, Object> attached = message(chatId, userId, messageId, epochSecond);
        attached.put("from", Map.of("id", 1, "is_bot", true, "first_name", "bot"));
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("id", id);
        query.put("from", user(userId));
        query.put("message", attached);
        query.put("chat_instance", "ci" + chatId);
        query.put("data", data);
        return query;
    }
}
