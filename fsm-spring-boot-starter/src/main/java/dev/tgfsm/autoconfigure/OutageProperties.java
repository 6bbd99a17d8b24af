package dev.tgfsm.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What users hear while the storage is unavailable ({@code tgfsm.outage.*}).
 */
@ConfigurationProperties("tgfsm.outage")
public class OutageProperties {

    /** The default notice. */
    public static final String DEFAULT_NOTICE = "The bot is temporarily unavailable. Your message will be handled shortly.";

    /**
     * Whether each user whose update finds the storage down is told so, once per outage, through the
     * TelegramClient. Needs a TelegramClient bean.
     */
    private boolean noticeEnabled = true;

    /** The notice sent to each affected user once per outage. */
    private String notice = DEFAULT_NOTICE;

    /**
     * Tells whether outage notices are sent.
     *
     * @return {@code true} if enabled
     */
    public boolean isNoticeEnabled() {
        return noticeEnabled;
    }

    /**
     * Enables or disables outage notices.
     *
     * @param noticeEnabled {@code true} to send them
     */
    public void setNoticeEnabled(boolean noticeEnabled) {
        this.noticeEnabled = noticeEnabled;
    }

    /**
     * Returns the notice.
     *
     * @return the text
     */
    public String getNotice() {
        return notice;
    }

    /**
     * Sets the notice.
     *
     * @param notice the text
     */
    public void setNotice(String notice) {
        this.notice = notice;
    }
}
