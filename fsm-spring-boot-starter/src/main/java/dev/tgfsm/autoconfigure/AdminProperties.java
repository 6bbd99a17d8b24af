package dev.tgfsm.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code fsmconversations} actuator endpoint ({@code tgfsm.admin.*}), which looks up
 * and resets one conversation. The endpoint is only reachable where the application exposes it
 * ({@code management.endpoints.web.exposure.include}); resetting needs {@code writes-enabled} too.
 */
@ConfigurationProperties("tgfsm.admin")
public class AdminProperties {

    /** The default cap on the characters shown of one data value. */
    public static final int DEFAULT_MAX_VALUE_CHARS = 1000;

    /** Whether the endpoint's write operation (resetting a conversation) is allowed. */
    private boolean writesEnabled = false;

    /** The most characters of one data value (as JSON) that the endpoint shows; longer ones are cut. */
    private int maxValueChars = DEFAULT_MAX_VALUE_CHARS;

    /**
     * Tells whether resetting a conversation is allowed.
     *
     * @return {@code true} if allowed
     */
    public boolean isWritesEnabled() {
        return writesEnabled;
    }

    /**
     * Allows or forbids resetting a conversation.
     *
     * @param writesEnabled {@code true} to allow
     */
    public void setWritesEnabled(boolean writesEnabled) {
        this.writesEnabled = writesEnabled;
    }

    /**
     * Returns the cap on the characters shown of one data value.
     *
     * @return the cap
     */
    public int getMaxValueChars() {
        return maxValueChars;
    }

    /**
     * Sets the cap on the characters shown of one data value.
     *
     * @param maxValueChars the cap, at least 16
     */
    public void setMaxValueChars(int maxValueChars) {
        if (maxValueChars < 16) {
            throw new IllegalArgumentException("tgfsm.admin.max-value-chars must be at least 16, was " + maxValueChars);
        }
        this.maxValueChars = maxValueChars;
    }
}
