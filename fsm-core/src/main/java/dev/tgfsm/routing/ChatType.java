package dev.tgfsm.routing;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;

/**
 * The type of the chat an update happens in, for {@link RouteBuilder#chatType(ChatType...)}. The
 * chat is that of the message (a callback's: of the message with the button), of the member update,
 * join request, reaction or boost; for an inline query, the type of the chat it was sent from.
 * Shipping and pre-checkout queries, chosen inline results, polls and poll answers have no chat, so
 * they never pass a chat-type filter.
 */
public enum ChatType {

    /** A private chat with one user. */
    PRIVATE,

    /** A basic group. */
    GROUP,

    /** A supergroup (forums included). */
    SUPERGROUP,

    /** A channel. */
    CHANNEL;

    /**
     * Returns the type the Bot API names ({@code "private"}, {@code "group"}, ...; an inline query's
     * {@code "sender"} is the private chat with the bot).
     *
     * @param type the Bot API name
     * @return the type, or {@code null} for none or an unknown one
     */
    public static @Nullable ChatType of(@Nullable String type) {
        if (type == null) {
            return null;
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "private", "sender" -> PRIVATE;
            case "group" -> GROUP;
            case "supergroup" -> SUPERGROUP;
            case "channel" -> CHANNEL;
            default -> null;
        };
    }

    /**
     * Returns the type of the chat of an update.
     *
     * @param update the update
     * @return the type, or {@code null} when the update has no chat
     */
    public static @Nullable ChatType of(Update update) {
        if (update.getInlineQuery() != null) {
            return of(update.getInlineQuery().getChatType());
        }
        Chat chat = UpdateEvent.chatOf(update);
        return chat != null ? of(chat.getType()) : null;
    }
}
