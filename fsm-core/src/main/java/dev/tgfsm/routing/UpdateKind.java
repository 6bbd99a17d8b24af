package dev.tgfsm.routing;

import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.album.Album;
import dev.tgfsm.dispatch.UpdateContext;

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
     * An album: the messages of one media group, gathered by an {@link dev.tgfsm.album.AlbumCollector}
     * and handled once, as the album's first message with the {@link Album} attached. While albums
     * are gathered, {@link #MESSAGE} routes get no album and no part of one.
     */
    ALBUM,

    /**
     * Any update at all, of every kind (reactions, channel posts, boosts, ...); narrow it with
     * predicates.
     */
    ANY;

    /**
     * Tells whether an update being handled is of this kind: a gathered album is an {@link #ALBUM},
     * not a {@link #MESSAGE}.
     *
     * @param update the update being handled
     * @return {@code true} if it is
     */
    public boolean matches(UpdateContext update) {
        boolean album = Album.of(update) != null;
        return switch (this) {
            case ALBUM -> album;
            case MESSAGE -> !album && matches(update.update());
            default -> matches(update.update());
        };
    }

    /**
     * Tells whether an update is of this kind, judged by the update alone (an {@link #ALBUM} is then
     * any message of a media group).
     *
     * @param update the update
     * @return {@code true} if it is
     */
    public boolean matches(Update update) {
        return switch (this) {
            case MESSAGE -> update.getMessage() != null;
            case ALBUM -> update.getMessage() != null && update.getMessage().getMediaGroupId() != null;
            case EDITED_MESSAGE -> update.getEditedMessage() != null;
            case CALLBACK_QUERY -> update.getCallbackQuery() != null;
            case INLINE_QUERY -> update.getInlineQuery() != null;
            case CHANNEL_POST -> update.getChannelPost() != null;
            case EDITED_CHANNEL_POST -> update.getEditedChannelPost() != null;
            case ANY -> true;
        };
    }
}
