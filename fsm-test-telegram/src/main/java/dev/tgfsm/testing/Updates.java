package dev.tgfsm.testing;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Builds Telegram updates the way the Bot API sends them: text messages (with a
 * {@code bot_command} entity when the text starts with a slash) and callback queries, with update
 * ids that increase across all instances in the JVM (a dispatcher skips an id it has seen). Used by
 * tests and by the console mode.
 *
 * <p>Thread-safe.
 */
public final class Updates {

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** Shared by every instance: update ids are unique per bot, and dispatchers skip repeats. */
    private static final AtomicInteger UPDATE_IDS = new AtomicInteger(1);

    private final AtomicInteger messageIds = new AtomicInteger(1);

    private final Clock clock;

    /**
     * Creates a factory.
     *
     * @param clock dates the messages
     */
    public Updates(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /**
     * A text message from a user in their private chat.
     *
     * @param userId the user (and chat)
     * @param text the text; a leading {@code /word} is marked as a command
     * @return the update
     */
    public Update text(long userId, String text) {
        return text(userId, userId, text);
    }

    /**
     * A text message from a user in a chat.
     *
     * @param chatId the chat
     * @param userId the user
     * @param text the text; a leading {@code /word} is marked as a command; {@code null} for a
     *        message without text
     * @return the update
     */
    public Update text(long chatId, long userId, @Nullable String text) {
        return update(Map.of("message", textMessage(chatId, userId, text)));
    }

    /**
     * A photo of an album (a media group) from a user in their private chat. Parts of one album
     * share the media group id; each gets the next message id.
     *
     * @param userId the user (and chat)
     * @param mediaGroupId the album's media group id
     * @param fileId the photo's file id
     * @param caption the caption, or {@code null}
     * @return the update
     */
    public Update albumPhoto(long userId, String mediaGroupId, String fileId, String caption) {
        Map<String, Object> message = message(userId, userId, messageIds.incrementAndGet());
        message.put("media_group_id", mediaGroupId);
        message.put("photo", List.of(Map.of("file_id", fileId, "file_unique_id", fileId + "-u", "width", 90,
                "height", 90, "file_size", 1024)));
        if (caption != null) {
            message.put("caption", caption);
        }
        return update(Map.of("message", message));
    }

    /**
     * An edit of a message in a user's private chat.
     *
     * @param userId the user (and chat)
     * @param text the new text
     * @return the update
     */
    public Update editedMessage(long userId, String text) {
        Map<String, Object> message = textMessage(userId, userId, text);
        message.put("edit_date", clock.instant().getEpochSecond());
        return update(Map.of("edited_message", message));
    }

    /**
     * An inline query from a user.
     *
     * @param userId the user
     * @param query the query text
     * @return the update
     */
    public Update inlineQuery(long userId, String query) {
        return update(Map.of("inline_query", Map.of("id", "iq" + UPDATE_IDS.get(), "from", BotApiJson.user(userId),
                "query", query, "offset", "")));
    }

    /**
     * A press of an inline button under a message in a user's private chat.
     *
     * @param userId the user (and chat)
     * @param data the button's callback data
     * @return the update
     */
    public Update callback(long userId, String data) {
        return callback(userId, userId, messageIds.incrementAndGet(), data);
    }

    private Map<String, Object> textMessage(long chatId, long userId, @Nullable String text) {
        return BotApiJson.textMessage(chatId, userId, messageIds.incrementAndGet(), clock.instant().getEpochSecond(),
                text);
    }

    /**
     * A press of an inline button under a message the bot sent.
     *
     * @param chatId the chat of the message
     * @param userId the user who pressed
     * @param messageId the message carrying the button
     * @param data the button's callback data
     * @return the update
     */
    public Update callback(long chatId, long userId, int messageId, String data) {
        Map<String, Object> query = BotApiJson.callbackQuery("cb" + UPDATE_IDS.get(), chatId, userId, messageId,
                clock.instant().getEpochSecond(), data);
        return update(Map.of("callback_query", query));
    }

    /**
     * An update from its Bot API JSON fields (without {@code update_id}, which is assigned).
     *
     * @param fields for example {@code Map.of("inline_query", ...)}
     * @return the update
     */
    public Update update(Map<String, Object> fields) {
        Map<String, Object> update = new LinkedHashMap<>(fields);
        update.put("update_id", UPDATE_IDS.incrementAndGet());
        return mapper.convertValue(update, Update.class);
    }

    private Map<String, Object> message(long chatId, long userId, int messageId) {
        return BotApiJson.message(chatId, userId, messageId, clock.instant().getEpochSecond());
    }
}
