package dev.tgfsm.telegram;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Builds Telegram updates for tests, as JSON shaped exactly like the Bot API's and as TelegramBots
 * objects parsed from that JSON.
 */
public final class TestUpdates {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestUpdates() {
    }

    /**
     * A private-chat text message as Bot API JSON.
     *
     * @param updateId the update id
     * @param userId the sender, also the chat id
     * @param text the text; a leading {@code /} makes it a command
     * @return the update as a JSON-ready map
     */
    public static Map<String, Object> messageJson(int updateId, long userId, String text) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", userId);
        user.put("is_bot", false);
        user.put("first_name", "User" + userId);
        Map<String, Object> chat = new LinkedHashMap<>();
        chat.put("id", userId);
        chat.put("type", "private");
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", updateId);
        message.put("from", user);
        message.put("chat", chat);
        message.put("date", Instant.now().getEpochSecond());
        message.put("text", text);
        if (text.startsWith("/")) {
            int end = text.indexOf(' ') < 0 ? text.length() : text.indexOf(' ');
            message.put("entities", java.util.List.of(Map.of("type", "bot_command", "offset", 0, "length", end)));
        }
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("update_id", updateId);
        update.put("message", message);
        return update;
    }

    /**
     * A photo of an album (media group) in a private chat, as Bot API JSON; the first part has a
     * caption.
     *
     * @param updateId the update id
     * @param userId the sender, also the chat id
     * @param messageId the message id
     * @param mediaGroupId the album's media group id
     * @param part the part's number, from 1
     * @return the update as a JSON-ready map
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> albumPhotoJson(int updateId, long userId, int messageId, String mediaGroupId,
            int part) {
        Map<String, Object> update = messageJson(updateId, userId, "photo");
        Map<String, Object> message = (Map<String, Object>) update.get("message");
        message.remove("text");
        message.put("message_id", messageId);
        message.put("media_group_id", mediaGroupId);
        message.put("photo", List.of(Map.of("file_id", mediaGroupId + "-" + part, "file_unique_id",
                mediaGroupId + "-u" + part, "width", 320, "height", 240, "file_size", 4096)));
        if (part == 1) {
            message.put("caption", "album " + mediaGroupId);
        }
        return update;
    }

    /**
     * A press of an inline button under a message the bot sent in a private chat, as Bot API JSON.
     *
     * @param updateId the update id
     * @param userId the user who pressed, also the chat id
     * @param messageId the message carrying the button
     * @param data the button's callback data
     * @return the update as a JSON-ready map
     */
    public static Map<String, Object> callbackJson(int updateId, long userId, int messageId, String data) {
        Map<String, Object> chat = new LinkedHashMap<>();
        chat.put("id", userId);
        chat.put("type", "private");
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", messageId);
        message.put("from", Map.of("id", 1, "is_bot", true, "first_name", "bot"));
        message.put("chat", chat);
        message.put("date", Instant.now().getEpochSecond());
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("id", "cb" + updateId);
        query.put("from", Map.of("id", userId, "is_bot", false, "first_name", "User" + userId));
        query.put("message", message);
        query.put("chat_instance", "ci" + userId);
        query.put("data", data);
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("update_id", updateId);
        update.put("callback_query", query);
        return update;
    }

    /**
     * A private-chat text message as a TelegramBots object.
     *
     * @param updateId the update id
     * @param userId the sender, also the chat id
     * @param text the text
     * @return the update
     */
    public static Update message(int updateId, long userId, String text) {
        try {
            return MAPPER.readValue(MAPPER.writeValueAsString(messageJson(updateId, userId, text)), Update.class);
        }
        catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
