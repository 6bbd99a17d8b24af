package dev.tgfsm.garbage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.Internal;

/**
 * One chat message tracked for clean-up.
 *
 * @param chatId the chat it is in
 * @param messageId its id in that chat
 * @param sentAt when it was sent (Telegram deletes only messages younger than 48 hours)
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public record TrackedMessage(long chatId, int messageId, Instant sentAt) {

    /**
     * Validates the entry.
     *
     * @param chatId the chat it is in
     * @param messageId its id in that chat
     * @param sentAt when it was sent, not {@code null}
     */
    public TrackedMessage {
        Objects.requireNonNull(sentAt, "sentAt must not be null");
    }

    /** The stored form: a plain JSON object {@code {"c": chat, "m": message, "t": epoch ms}}. */
    Map<String, Object> toPlain() {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("c", chatId);
        plain.put("m", messageId);
        plain.put("t", sentAt.toEpochMilli());
        return plain;
    }

    /** Reads the stored form, or returns {@code null} for anything else. */
    static @Nullable TrackedMessage fromPlain(Object plain) {
        if (plain instanceof Map<?, ?> map && map.get("c") instanceof Number c && map.get("m") instanceof Number m
                && map.get("t") instanceof Number t) {
            return new TrackedMessage(c.longValue(), m.intValue(), Instant.ofEpochMilli(t.longValue()));
        }
        return null;
    }

    /** Tells whether both name the same message. */
    boolean sameMessage(TrackedMessage other) {
        return chatId == other.chatId && messageId == other.messageId;
    }
}
