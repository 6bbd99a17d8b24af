package dev.tgfsm.autoconfigure.middleware;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tgfsm.garbage.GarbageConfig;

/**
 * The garbage-message registry, under {@code tgfsm.garbage}.
 */
@ConfigurationProperties("tgfsm.garbage")
public class GarbageProperties {

    /** Whether tracked messages are deleted on state changes (needs a TelegramClient bean). */
    private boolean enabled = true;

    /** How many messages one conversation tracks; the oldest are dropped first. */
    private int maxTracked = GarbageConfig.DEFAULT_MAX_TRACKED;

    /** From which age messages are not deleted (Telegram refuses after 48 hours). */
    private Duration maxAge = GarbageConfig.DEFAULT_MAX_AGE;

    /** What to do with messages too old to delete: skip or edit. */
    private GarbageConfig.OldMessagePolicy oldMessages = GarbageConfig.OldMessagePolicy.SKIP;

    /** The text old messages are edited to when old-messages is edit. */
    private String editText = GarbageConfig.DEFAULT_EDIT_TEXT;

    /** States whose tracked messages stay when the conversation leaves them. */
    private Set<String> keepWhenLeaving = new LinkedHashSet<>();

    /** Whether the user's own messages are tracked and deleted too. */
    private boolean trackUserInput;

    /**
     * Builds the registry configuration, validating every value.
     *
     * @return the configuration
     */
    public GarbageConfig toConfig() {
        return GarbageConfig.custom().maxTracked(maxTracked).maxAge(maxAge).oldMessages(oldMessages)
                .editText(editText).keepWhenLeaving(keepWhenLeaving).trackUserInput(trackUserInput).build();
    }

    /** @return whether enabled */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether enabled */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the bound */
    public int getMaxTracked() {
        return maxTracked;
    }

    /** @param maxTracked the bound */
    public void setMaxTracked(int maxTracked) {
        this.maxTracked = maxTracked;
    }

    /** @return the maximum age */
    public Duration getMaxAge() {
        return maxAge;
    }

    /** @param maxAge the maximum age */
    public void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }

    /** @return the policy for old messages */
    public GarbageConfig.OldMessagePolicy getOldMessages() {
        return oldMessages;
    }

    /** @param oldMessages the policy for old messages */
    public void setOldMessages(GarbageConfig.OldMessagePolicy oldMessages) {
        this.oldMessages = oldMessages;
    }

    /** @return the edit text */
    public String getEditText() {
        return editText;
    }

    /** @param editText the edit text */
    public void setEditText(String editText) {
        this.editText = editText;
    }

    /** @return the kept states */
    public Set<String> getKeepWhenLeaving() {
        return keepWhenLeaving;
    }

    /** @param keepWhenLeaving the kept states */
    public void setKeepWhenLeaving(Set<String> keepWhenLeaving) {
        this.keepWhenLeaving = keepWhenLeaving;
    }

    /** @return whether user input is tracked */
    public boolean isTrackUserInput() {
        return trackUserInput;
    }

    /** @param trackUserInput whether user input is tracked */
    public void setTrackUserInput(boolean trackUserInput) {
        this.trackUserInput = trackUserInput;
    }
}
