package dev.tgfsm.autoconfigure.album;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tgfsm.album.AlbumConfig;

/**
 * Albums, under {@code tgfsm.albums}: the parts of a media group are gathered in the storage (on
 * any instance) and handed to one handler call once no part came for the quiet time.
 */
@ConfigurationProperties("tgfsm.albums")
public class AlbumProperties {

    /**
     * Whether the parts of albums are gathered. Unset: when a handler takes albums (an {@code @OnAlbum}
     * method or an {@code ALBUM} route). {@code false}: never, each part is a message of its own.
     * {@code true}: always (needed with an own UpdateHandler bean).
     */
    private @Nullable Boolean enabled;

    /** An album is handled once no part of it came for this long. */
    private Duration quietTime = AlbumConfig.DEFAULT_QUIET_TIME;

    /**
     * How long after the quiet time another instance handles an album whose instance stopped or
     * died before handling it.
     */
    private Duration takeOverAfter = AlbumConfig.DEFAULT_TAKE_OVER_AFTER;

    /**
     * An album with this many parts is handled at once, without waiting for the quiet time
     * (Telegram sends at most 10); parts after it make a late album.
     */
    private int maxParts = AlbumConfig.DEFAULT_MAX_PARTS;

    /**
     * Builds the core configuration.
     *
     * @return the configuration
     * @throws dev.tgfsm.FsmConfigurationException if a value is invalid
     */
    public AlbumConfig toConfig() {
        return new AlbumConfig(quietTime, takeOverAfter, maxParts);
    }

    /** @return whether albums are gathered; {@code null} when a handler takes albums */
    public @Nullable Boolean getEnabled() {
        return enabled;
    }

    /** @param enabled whether albums are gathered */
    public void setEnabled(@Nullable Boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the quiet time */
    public Duration getQuietTime() {
        return quietTime;
    }

    /** @param quietTime the quiet time */
    public void setQuietTime(Duration quietTime) {
        this.quietTime = quietTime;
    }

    /** @return the take-over delay */
    public Duration getTakeOverAfter() {
        return takeOverAfter;
    }

    /** @param takeOverAfter the take-over delay */
    public void setTakeOverAfter(Duration takeOverAfter) {
        this.takeOverAfter = takeOverAfter;
    }

    /** @return the largest album */
    public int getMaxParts() {
        return maxParts;
    }

    /** @param maxParts the largest album */
    public void setMaxParts(int maxParts) {
        this.maxParts = maxParts;
    }
}
