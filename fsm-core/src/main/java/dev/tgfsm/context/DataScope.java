package dev.tgfsm.context;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.tgfsm.key.StorageKey;

/**
 * Where data lives besides the conversation: with the user across all chats, with the chat across
 * all its users, or with the bot across everything. Each scope is one record under its own key,
 * derived from the conversation's key and named by a reserved destiny ({@link #destiny()}); naming
 * that destiny in {@link ContextConfig#preload()} declares the scope up front, so that it is
 * loaded with the conversation.
 *
 * <p>The user scope takes the user id of the conversation's key and the chat scope its chat id, so
 * they need a key strategy that keeps them apart ({@code USER_IN_CHAT}, {@code USER_IN_TOPIC});
 * under {@code CHAT} the "user" is the chat. The user scope's key is the one of the user's private
 * chat (a private chat's id is the user's id), so on Redis Cluster it shares that conversation's
 * hash slot.
 */
public enum DataScope {

    /** Data of one user, shared by every chat the user talks to the bot in. */
    USER("tgfsm.user"),

    /** Data of one chat, shared by every user in it. */
    CHAT("tgfsm.chat"),

    /** Data of the bot, shared by every user and chat. */
    BOT("tgfsm.bot");

    /** Every scope, each in an {@code Optional}: asked on every load, so made once. */
    private static final List<Optional<DataScope>> FOUND = Arrays.stream(values()).map(Optional::of).toList();

    private final String destiny;

    DataScope(String destiny) {
        this.destiny = destiny;
    }

    /**
     * Returns the reserved destiny naming this scope's record, also used to declare it in
     * {@link ContextConfig#preload()}.
     *
     * @return the destiny, such as {@code "tgfsm.user"}
     */
    public String destiny() {
        return destiny;
    }

    /**
     * Returns the key of this scope's record for a conversation.
     *
     * @param conversation any key of the conversation
     * @return the scope's key: the user's or the chat's (as a private conversation of that id), or
     *         the bot's (chat and user 0)
     */
    public StorageKey keyOf(StorageKey conversation) {
        long bot = conversation.botId();
        return switch (this) {
            case USER -> new StorageKey(bot, conversation.userId(), conversation.userId(), null, null, destiny);
            case CHAT -> new StorageKey(bot, conversation.chatId(), conversation.chatId(), null, null, destiny);
            case BOT -> new StorageKey(bot, 0, 0, null, null, destiny);
        };
    }

    /**
     * Returns the key of a user's data, for tools that work on one user outside an update (export,
     * erase).
     *
     * @param botId the bot
     * @param userId the user
     * @return the key of the user's scope
     */
    public static StorageKey userKey(long botId, long userId) {
        return USER.keyOf(StorageKey.of(botId, userId, userId));
    }

    /**
     * Returns the key of a chat's data, for tools that work outside an update.
     *
     * @param botId the bot
     * @param chatId the chat
     * @return the key of the chat's scope
     */
    public static StorageKey chatKey(long botId, long chatId) {
        return CHAT.keyOf(StorageKey.of(botId, chatId, chatId));
    }

    /**
     * Returns the key of a bot's data.
     *
     * @param botId the bot
     * @return the key of the bot's scope
     */
    public static StorageKey botKey(long botId) {
        return BOT.keyOf(StorageKey.of(botId, 0, 0));
    }

    /**
     * Returns the scope a destiny names.
     *
     * @param destiny a destiny
     * @return the scope, or empty for an ordinary destiny
     */
    public static Optional<DataScope> ofDestiny(String destiny) {
        for (int i = 0; i < FOUND.size(); i++) {
            Optional<DataScope> found = FOUND.get(i);
            if (found.get().destiny.equals(destiny)) {
                return found;
            }
        }
        return Optional.empty();
    }
}
