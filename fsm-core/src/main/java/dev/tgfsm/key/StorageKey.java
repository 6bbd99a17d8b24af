package dev.tgfsm.key;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The immutable address of one conversation slot.
 *
 * <p>A key names the bot, the chat, the user, optionally the forum topic ({@code threadId}) and
 * the business connection, and a {@code destiny}: a tag that lets one conversation own several
 * independent slots (the main state, the scene history, preferences). Two keys that differ only in
 * their destiny belong to the same conversation and share its lock; see {@link #sameConversation}.
 *
 * <p>A conversation kept per message ({@link MessageKeying}, python-telegram-bot's {@code per_message})
 * has the {@code messageScope} of its message besides the ids of its chat and user: it is a
 * conversation of its own, with its own state, data and lock.
 *
 * <p>The bot id is always part of the key, so several bots can share one Redis or one table.
 *
 * @param botId the bot the record belongs to (the numeric prefix of its token)
 * @param chatId the chat, or the user id for keys that are global per user
 * @param userId the user, or the chat id for keys shared by a whole chat
 * @param threadId the forum topic, or {@code null}
 * @param businessConnectionId the business connection, or {@code null}
 * @param destiny the slot tag, never blank; {@link #DEFAULT_DESTINY} for the main state
 * @param messageScope the message a per-message conversation belongs to ({@link MessageKeying}): the
 *        message's id, or {@code inline:} and the inline message's id; {@code null} for an ordinary
 *        conversation
 */
public record StorageKey(long botId, long chatId, long userId, @Nullable Long threadId,
        @Nullable String businessConnectionId,
        String destiny, @Nullable String messageScope) {

    /** The destiny of the main conversation slot. */
    public static final String DEFAULT_DESTINY = "default";

    /**
     * Validates the key.
     *
     * @param botId the bot (the numeric prefix of its token)
     * @param chatId the chat, or the user id for keys global per user
     * @param userId the user, or the chat id for keys shared by a whole chat
     * @param threadId the forum topic, or {@code null}
     * @param businessConnectionId the business connection, non-empty, or {@code null}
     * @param destiny the slot tag, not blank
     * @param messageScope the message of a per-message conversation, non-empty, or {@code null}
     * @throws IllegalArgumentException if the destiny is blank or the business connection id or the
     *         message scope is empty
     */
    public StorageKey {
        Objects.requireNonNull(destiny, "destiny must not be null");
        if (destiny.isBlank()) {
            throw new IllegalArgumentException("destiny must not be blank");
        }
        if (businessConnectionId != null && businessConnectionId.isEmpty()) {
            throw new IllegalArgumentException("businessConnectionId must be null or non-empty");
        }
        if (messageScope != null && messageScope.isEmpty()) {
            throw new IllegalArgumentException("messageScope must be null or non-empty");
        }
    }

    /**
     * A key of an ordinary conversation (not one per message).
     *
     * @param botId the bot (the numeric prefix of its token)
     * @param chatId the chat, or the user id for keys global per user
     * @param userId the user, or the chat id for keys shared by a whole chat
     * @param threadId the forum topic, or {@code null}
     * @param businessConnectionId the business connection, non-empty, or {@code null}
     * @param destiny the slot tag, not blank
     * @throws IllegalArgumentException if the destiny is blank or the business connection id is empty
     */
    public StorageKey(long botId, long chatId, long userId, @Nullable Long threadId,
            @Nullable String businessConnectionId,
            String destiny) {
        this(botId, chatId, userId, threadId, businessConnectionId, destiny, null);
    }

    /**
     * A key for a user in a chat, in the default destiny.
     *
     * @param botId the bot
     * @param chatId the chat
     * @param userId the user
     * @return the key
     */
    public static StorageKey of(long botId, long chatId, long userId) {
        return new StorageKey(botId, chatId, userId, null, null, DEFAULT_DESTINY);
    }

    /**
     * Returns a key identical to this one but for its destiny.
     *
     * @param destiny the new destiny, not blank
     * @return the new key, or this key if the destiny is the same
     */
    public StorageKey withDestiny(String destiny) {
        if (this.destiny.equals(destiny)) {
            return this;
        }
        return new StorageKey(botId, chatId, userId, threadId, businessConnectionId, destiny, messageScope);
    }

    /**
     * Returns the key of the per-message conversation of one message in this key's conversation.
     *
     * @param scope the message's scope (see {@link #messageScope()}), or {@code null} for the
     *        ordinary conversation
     * @return the new key, or this key if the scope is the same
     */
    public StorageKey withMessageScope(@Nullable String scope) {
        if (Objects.equals(this.messageScope, scope)) {
            return this;
        }
        return new StorageKey(botId, chatId, userId, threadId, businessConnectionId, destiny, scope);
    }

    /**
     * Tells whether the other key addresses the same conversation: all fields equal except,
     * possibly, the destiny.
     *
     * @param other another key
     * @return {@code true} if both keys belong to one conversation
     */
    public boolean sameConversation(StorageKey other) {
        return botId == other.botId && chatId == other.chatId && userId == other.userId
                && Objects.equals(threadId, other.threadId)
                && Objects.equals(businessConnectionId, other.businessConnectionId)
                && Objects.equals(messageScope, other.messageScope);
    }
}
