package dev.tgfsm.sample;

import dev.tgfsm.album.Album;
import dev.tgfsm.annotation.BotController;
import dev.tgfsm.annotation.OnAlbum;

/**
 * Albums: the photos of one album reach one call, whichever instance received which photo.
 */
@BotController
public class AlbumController {

    /**
     * Answers an album once, with the number of its photos.
     *
     * @param album the album's parts, in order
     * @return the reply
     */
    @OnAlbum
    public String album(Album album) {
        String caption = album.caption() != null ? " (" + album.caption() + ")" : "";
        return album.isLate() ? album.size() + " more photo(s) for your album" + caption
                : "Got your album of " + album.size() + " photos" + caption;
    }
}
