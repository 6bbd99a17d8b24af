package dev.tgfsm.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of tgfsm's own long polling ({@code tgfsm.bot.polling.*}), which runs when
 * {@code tgfsm.bot.token} is set and the application defines no {@code SpringLongPollingBot}.
 */
@ConfigurationProperties("tgfsm.bot.polling")
public class PollingProperties {

    /** The default long-poll timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(50);

    /** The default number of updates one request may answer. */
    public static final int DEFAULT_LIMIT = 100;

    /** The default longest pause between attempts after errors. */
    public static final Duration DEFAULT_MAX_BACK_OFF = Duration.ofSeconds(10);

    /**
     * Whether tgfsm polls Telegram for updates. Turn off to feed the dispatcher another way (a
     * webhook, your own poller).
     */
    private boolean enabled = true;

    /**
     * How long Telegram may hold one getUpdates request open when there is nothing to answer (whole
     * seconds; 0 is short polling).
     */
    private Duration timeout = DEFAULT_TIMEOUT;

    /**
     * The most updates one getUpdates request answers, 1 to 100. Also bounds how many updates after a
     * slow one are fetched before new updates wait at Telegram for it.
     */
    private int limit = DEFAULT_LIMIT;

    /**
     * The longest pause between attempts after a Bot API error or a network failure (the pause starts
     * at 100 ms and doubles).
     */
    private Duration maxBackOff = DEFAULT_MAX_BACK_OFF;

    /**
     * The update kinds getUpdates asks for (allowed_updates, for example message, callback_query); empty
     * means the kinds the application's handlers route (@BotController routes, scenes, flows; every kind
     * when a handler takes any update).
     */
    private List<BotApiUpdateType> allowedUpdates = new ArrayList<>();

    /**
     * Tells whether polling is enabled.
     *
     * @return {@code true} if enabled
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Enables or disables polling.
     *
     * @param enabled {@code true} to poll
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Returns the long-poll timeout.
     *
     * @return the timeout
     */
    public Duration getTimeout() {
        return timeout;
    }

    /**
     * Sets the long-poll timeout.
     *
     * @param timeout the timeout
     */
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Returns the most updates per request.
     *
     * @return the limit
     */
    public int getLimit() {
        return limit;
    }

    /**
     * Sets the most updates per request.
     *
     * @param limit the limit, 1 to 100
     */
    public void setLimit(int limit) {
        this.limit = limit;
    }

    /**
     * Returns the longest back-off after errors.
     *
     * @return the back-off
     */
    public Duration getMaxBackOff() {
        return maxBackOff;
    }

    /**
     * Sets the longest back-off after errors.
     *
     * @param maxBackOff the back-off
     */
    public void setMaxBackOff(Duration maxBackOff) {
        this.maxBackOff = maxBackOff;
    }

    /**
     * Returns the update kinds asked for.
     *
     * @return the kinds, empty to derive them from the handlers
     */
    public List<BotApiUpdateType> getAllowedUpdates() {
        return allowedUpdates;
    }

    /**
     * Sets the update kinds asked for.
     *
     * @param allowedUpdates the kinds, empty to derive them from the handlers
     */
    public void setAllowedUpdates(List<BotApiUpdateType> allowedUpdates) {
        this.allowedUpdates = allowedUpdates;
    }
}
