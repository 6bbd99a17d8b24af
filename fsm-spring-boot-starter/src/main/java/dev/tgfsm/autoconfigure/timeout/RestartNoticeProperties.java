package dev.tgfsm.autoconfigure.timeout;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tgfsm.timeout.RestartNotifier;

/**
 * The notice sent at start-up to conversations that were active shortly before, under
 * {@code tgfsm.restart-notice}.
 */
@ConfigurationProperties("tgfsm.restart-notice")
public class RestartNoticeProperties {

    /** The default window: one hour. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

    /** Whether conversations with a state, updated within the window, are told that the bot restarted. */
    private boolean enabled;

    /** How recently a conversation must have been updated to receive the notice. */
    private Duration window = DEFAULT_WINDOW;

    /** The notice. */
    private String text = RestartNotifier.DEFAULT_TEXT;

    /** @return whether the notice is sent */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether the notice is sent */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the window */
    public Duration getWindow() {
        return window;
    }

    /** @param window the window */
    public void setWindow(Duration window) {
        this.window = window;
    }

    /** @return the notice */
    public String getText() {
        return text;
    }

    /** @param text the notice */
    public void setText(String text) {
        this.text = text;
    }
}
