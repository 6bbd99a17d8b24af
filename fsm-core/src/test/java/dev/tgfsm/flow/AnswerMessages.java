package dev.tgfsm.flow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Messages with non-text content in a user's private chat, as Bot API JSON fields of an update (for
 * {@code Updates.update}): what Telegram sends for a photo, a document, a shared contact or location,
 * a sticker, an edit, and a poll vote.
 */
final class AnswerMessages {

    private static final AtomicInteger MESSAGE_IDS = new AtomicInteger(5_000);

    private AnswerMessages() {
    }

    static Map<String, Object> message(long user, String field, Object content) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", MESSAGE_IDS.incrementAndGet());
        message.put("date", 1_700_000_000L);
        message.put("chat", Map.of("id", user, "type", "private"));
        message.put("from", Map.of("id", user, "is_bot", false, "first_name", "User" + user));
        message.put(field, content);
        return Map.of("message", message);
    }

    /** A photo in three sizes, the largest last but one (Telegram does not promise an order). */
    static Map<String, Object> photo(long user) {
        return message(user, "photo", List.of(size("small", 90, 67), size("big", 1280, 960), size("medium", 320, 240)));
    }

    private static Map<String, Object> size(String id, int width, int height) {
        return Map.of("file_id", id, "file_unique_id", "u-" + id, "width", width, "height", height);
    }

    static Map<String, Object> document(long user, String name) {
        return message(user, "document", Map.of("file_id", "doc-" + name, "file_unique_id", "ud-" + name,
                "file_name", name, "mime_type", "application/pdf"));
    }

    static Map<String, Object> contact(long user, String phone) {
        return message(user, "contact", Map.of("phone_number", phone, "first_name", "Ann", "user_id", user));
    }

    static Map<String, Object> location(long user, double latitude, double longitude) {
        return message(user, "location", Map.of("latitude", latitude, "longitude", longitude));
    }

    static Map<String, Object> sticker(long user) {
        return message(user, "sticker", Map.of("file_id", "st", "file_unique_id", "ust", "type", "regular",
                "width", 512, "height", 512, "is_animated", false, "is_video", false));
    }

    /** The same content as a message, but as an edit of it. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> edited(Map<String, Object> update) {
        Map<String, Object> message = new LinkedHashMap<>((Map<String, Object>) update.get("message"));
        message.put("edit_date", 1_700_000_100L);
        return Map.of("edited_message", message);
    }

    static Map<String, Object> pollAnswer(long user, String pollId, int... options) {
        return Map.of("poll_answer", Map.of("poll_id", pollId,
                "user", Map.of("id", user, "is_bot", false, "first_name", "User" + user),
                "option_ids", java.util.Arrays.stream(options).boxed().toList()));
    }
}
