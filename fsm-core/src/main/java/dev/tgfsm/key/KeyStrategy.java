package dev.tgfsm.key;

import java.util.Optional;

import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * How a conversation is scoped: which parts of an update's identity make up its
 * {@link StorageKey}. The same five strategies as aiogram's {@code FSMStrategy}.
 *
 * <p>Where an update names only a user (an inline query, say) its chat is taken to be the user's
 * private chat; where it names only a chat (a channel post without a sender) the user is taken to
 * be the chat. The business connection id is always kept. Callback queries can also be keyed per
 * message, on top of any strategy: see {@link MessageKeying}.
 */
public enum KeyStrategy {

    /** One conversation per user in each chat; topics of a forum share it. The default. */
    USER_IN_CHAT,

    /** One conversation per chat, shared by all its users. */
    CHAT,

    /** One conversation per user across all chats. */
    GLOBAL_USER,

    /** One conversation per user in each forum topic. */
    USER_IN_TOPIC,

    /** One conversation per forum topic, shared by all its users. */
    CHAT_TOPIC;

    /**
     * Derives the key of an update in the default destiny.
     *
     * @param botId the bot receiving the update
     * @param update the update
     * @return the key, or empty if the update names neither a chat nor a user
     */
    public Optional<StorageKey> keyOf(long botId, Update update) {
        return UpdateIdentity.of(update).map(id -> keyOf(botId, id));
    }

    /**
     * Derives the key for an identity in the default destiny.
     *
     * @param botId the bot
     * @param identity the identity; at least one of chat and user must be present
     * @return the key
     */
    public StorageKey keyOf(long botId, UpdateIdentity identity) {
        Long chat = identity.chatId() != null ? identity.chatId() : identity.userId();
        Long user = identity.userId() != null ? identity.userId() : identity.chatId();
        if (chat == null) {
            throw new IllegalArgumentException("An identity needs a chat or a user");
        }
        String business = identity.businessConnectionId();
        return switch (this) {
            case USER_IN_CHAT -> new StorageKey(botId, chat, user, null, business, StorageKey.DEFAULT_DESTINY);
            case CHAT -> new StorageKey(botId, chat, chat, null, business, StorageKey.DEFAULT_DESTINY);
            case GLOBAL_USER -> new StorageKey(botId, user, user, null, business, StorageKey.DEFAULT_DESTINY);
            case USER_IN_TOPIC ->
                new StorageKey(botId, chat, user, identity.threadId(), business, StorageKey.DEFAULT_DESTINY);
            case CHAT_TOPIC ->
                new StorageKey(botId, chat, chat, identity.threadId(), business, StorageKey.DEFAULT_DESTINY);
        };
    }
}
