package dev.tgfsm.album;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgfsm.dispatch.UpdateContext;

/**
 * An album (a Telegram media group): the messages that share one {@code media_group_id}, gathered
 * by the {@link AlbumCollector} and handed to one handler call, ordered by message id.
 *
 * <p>The handler's update is the album's first part; the album itself is attached to it
 * ({@link #of(UpdateContext)}, or an {@code Album} parameter of a {@code @OnAlbum} method). A part
 * that arrives after its album was handled starts a new album of the same group, handled once no
 * part came for the quiet time again, with {@link #isLate()} set. Immutable.
 */
public final class Album {

    /** The update attribute that holds the album being handled. */
    public static final String ATTRIBUTE = Album.class.getName();

    private final String mediaGroupId;

    private final List<Update> updates;

    private final boolean late;

    /**
     * Creates an album.
     *
     * @param mediaGroupId the media group
     * @param updates its parts, ordered by message id, at least one
     * @param late whether earlier parts of this group were already handled
     */
    public Album(String mediaGroupId, List<Update> updates, boolean late) {
        this.mediaGroupId = Objects.requireNonNull(mediaGroupId, "mediaGroupId must not be null");
        this.updates = List.copyOf(updates);
        if (this.updates.isEmpty()) {
            throw new IllegalArgumentException("An album has at least one part");
        }
        this.late = late;
    }

    /**
     * Returns the album an update stands for, while that album is handled.
     *
     * @param update the update being handled
     * @return the album, or {@code null} if the update is not a gathered album
     */
    public static @Nullable Album of(UpdateContext update) {
        return update.attribute(ATTRIBUTE) instanceof Album album ? album : null;
    }

    /**
     * Returns the media group's id.
     *
     * @return the id
     */
    public String mediaGroupId() {
        return mediaGroupId;
    }

    /**
     * Returns the parts' updates, ordered by message id.
     *
     * @return the updates
     */
    public List<Update> updates() {
        return updates;
    }

    /**
     * Returns the parts' messages, ordered by message id.
     *
     * @return the messages
     */
    public List<Message> messages() {
        return updates.stream().map(Update::getMessage).toList();
    }

    /**
     * Returns how many parts the album has.
     *
     * @return the count, at least 1
     */
    public int size() {
        return updates.size();
    }

    /**
     * Returns the first caption of the album's parts (Telegram shows one caption per album, usually
     * the first part's).
     *
     * @return the caption, or {@code null} if no part has one
     */
    public @Nullable String caption() {
        for (Update update : updates) {
            String caption = update.getMessage().getCaption();
            if (caption != null) {
                return caption;
            }
        }
        return null;
    }

    /**
     * Tells whether earlier parts of this media group were handled before these arrived (they
     * came later than the quiet time after the previous part).
     *
     * @return {@code true} for late parts
     */
    public boolean isLate() {
        return late;
    }

    @Override
    public String toString() {
        return "Album[" + mediaGroupId + ", " + updates.size() + " part(s)" + (late ? ", late" : "") + "]";
    }
}
