package dev.tgfsm.routing;

import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * The kind of update a route listens to. Commands are messages; see {@link Route#command(String...)}.
 */
public enum UpdateKind {

    /** A new message ({@link Update#getMessage()}), with or without text. */
    MESSAGE,

    /** An edited message ({@link Update#getEditedMessage()}). */
    EDITED_MESSAGE,

    /** A callback query from an inline keyboard button. */
    CALLBACK_QUERY,

    /** An inline query. */
    INLINE_QUERY,

    /** A post in a channel the bot is a member of ({@link Update#getChannelPost()}). */
    CHANNEL_POST,

    /** An edited channel post ({@link Update#getEditedChannelPost()}). */
    EDITED_CHANNEL_POST,

    /**
     * Any update at all, of every kind (reactions, channel posts, boosts, ...); narrow it with
     * predicates.
     */
    ANY;

    /**
     * Tells whether an update is of this kind.
     *
     * @param update the update
     * @return {@code true} if it is
     */
    public boolean matches(Update update) {
        return switch (this) {
            case MESSAGE -> update.getMessage() != null;
            case EDITED_MESSAGE -> update.getEditedMessage() != null;
            case CALLBACK_QUERY -> update.getCallbackQuery() != null;
            case INLINE_QUERY -> update.getInlineQuery() != null;
            case CHANNEL_POST -> update.getChannelPost() != null;
            case EDITED_CHANNEL_POST -> update.getEditedChannelPost() != null;
            case ANY -> true;
        };
    }
}
