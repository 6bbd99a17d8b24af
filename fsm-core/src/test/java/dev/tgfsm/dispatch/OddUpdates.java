package dev.tgfsm.dispatch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bot API JSON of the update kinds a bot usually has no handler for (without {@code update_id}),
 * shaped as Telegram sends them: reactions, boosts, business events, channel posts, polls, paid
 * media, and a kind this library does not know.
 */
public final class OddUpdates {

    /** The channel the channel posts come from. */
    public static final long CHANNEL = -1001234567890L;

    private static final int DATE = 1_750_000_000;

    private OddUpdates() {
    }

    /**
     * Every odd kind, by name, for a user and their private chat.
     *
     * @param userId the user
     * @return update fields by a label
     */
    public static Map<String, Map<String, Object>> all(long userId) {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>();
        all.put("channel_post", Map.of("channel_post", channelMessage(1, "news")));
        all.put("edited_channel_post", Map.of("edited_channel_post", channelMessage(1, "news, edited")));
        all.put("message_reaction", Map.of("message_reaction", Map.of("chat", privateChat(userId), "message_id", 5,
                "user", user(userId), "date", DATE, "old_reaction", List.of(),
                "new_reaction", List.of(Map.of("type", "emoji", "emoji", "\uD83D\uDC4D")))));
        all.put("message_reaction_count", Map.of("message_reaction_count", Map.of("chat", channel(), "message_id", 1,
                "date", DATE, "reactions", List.of(Map.of("type", Map.of("type", "emoji", "emoji", "\uD83D\uDD25"),
                        "total_count", 3)))));
        all.put("chat_boost", Map.of("chat_boost", Map.of("chat", channel(), "boost", Map.of("boost_id", "b1",
                "add_date", DATE, "expiration_date", DATE + 86_400, "source",
                Map.of("source", "premium", "user", user(userId))))));
        all.put("removed_chat_boost", Map.of("removed_chat_boost", Map.of("chat", channel(), "boost_id", "b1",
                "remove_date", DATE, "source", Map.of("source", "premium", "user", user(userId)))));
        all.put("business_connection", Map.of("business_connection", Map.of("id", "bc-1", "user", user(userId),
                "user_chat_id", userId, "date", DATE, "is_enabled", true, "rights", Map.of("can_reply", true))));
        all.put("deleted_business_messages", Map.of("deleted_business_messages", Map.of("business_connection_id",
                "bc-1", "chat", privateChat(userId), "message_ids", List.of(7, 8))));
        all.put("purchased_paid_media", Map.of("purchased_paid_media", Map.of("from", user(userId),
                "paid_media_payload", "p-1")));
        all.put("poll", Map.of("poll", Map.of("id", "poll-1", "question", "Tea?", "options",
                List.of(Map.of("text", "yes", "voter_count", 1)), "total_voter_count", 1, "is_closed", false,
                "is_anonymous", true, "type", "regular", "allows_multiple_answers", false)));
        all.put("poll_answer", Map.of("poll_answer", Map.of("poll_id", "poll-1", "user", user(userId),
                "option_ids", List.of(0))));
        all.put("chat_join_request", Map.of("chat_join_request", Map.of("chat", channel(), "from", user(userId),
                "user_chat_id", userId, "date", DATE)));
        all.put("unknown_kind", Map.of("some_future_kind", Map.of("id", 1, "what", "not known yet")));
        return all;
    }

    /**
     * A post in the test channel.
     *
     * @param messageId the message id
     * @param text the text
     * @return the message JSON
     */
    public static Map<String, Object> channelMessage(int messageId, String text) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", messageId);
        message.put("date", DATE);
        message.put("chat", channel());
        message.put("sender_chat", channel());
        message.put("text", text);
        return message;
    }

    private static Map<String, Object> channel() {
        return Map.of("id", CHANNEL, "type", "channel", "title", "News");
    }

    private static Map<String, Object> privateChat(long userId) {
        return Map.of("id", userId, "type", "private", "first_name", "User" + userId);
    }

    private static Map<String, Object> user(long userId) {
        return Map.of("id", userId, "is_bot", false, "first_name", "User" + userId);
    }
}
