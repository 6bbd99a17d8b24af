package dev.tgfsm.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

import dev.tgfsm.outbox.OutboxConfig;
import dev.tgfsm.outbox.OutboxFlusher;

/**
 * The outbox, under {@code tgfsm.outbox}: Bot API calls of an update are stored with its commit and
 * sent after it.
 */
@ConfigurationProperties("tgfsm.outbox")
public class OutboxProperties {

    /**
     * How long a delivery waits for the conversation's next commit to carry its acknowledgement
     * before a background write stores it.
     */
    private Duration ackDelay = OutboxConfig.DEFAULT_ACK_DELAY;

    /**
     * How old another process's undelivered calls must be before a unit of work of the
     * conversation sends them again; must exceed ack-delay. A stored call is sent (or retried) only
     * until redeliver-after minus ack-delay after it was stored, then left to whichever instance
     * takes it over, so a call is not sent twice because its sending waited.
     */
    private Duration redeliverAfter = OutboxConfig.DEFAULT_REDELIVER_AFTER;

    /** What the user is told when the Bot API refused a message to them; empty for nothing. */
    private String errorText = OutboxConfig.DEFAULT_ERROR_TEXT;

    /** Attempts of one call on network errors and server errors before it stays pending. */
    private int maxAttempts = OutboxConfig.DEFAULT_MAX_ATTEMPTS;

    /** The wait before the second attempt; it doubles for each further one. */
    private Duration retryBackoff = OutboxConfig.DEFAULT_RETRY_BACKOFF;

    /**
     * The longest retry_after of a 429 answer that is waited for when outbound flood control is off
     * (no OutboundLimiter bean); with it, tgfsm.bot.flood.max-wait applies. Either wait also ends
     * when the stored call's sending deadline (see redeliver-after) comes.
     */
    private Duration maxRetryAfter = OutboxConfig.DEFAULT_MAX_RETRY_AFTER;

    /** How often the background flush looks for due acknowledgements and redeliveries. */
    private Duration flushInterval = OutboxFlusher.DEFAULT_POLL_INTERVAL;

    /**
     * Builds the core configuration.
     *
     * @param exclusiveStore whether this process is the only one using the store (no cross-instance
     *        lock): calls stored by an earlier run are then redelivered at once
     * @return the configuration
     * @throws IllegalArgumentException if a value is invalid
     */
    public OutboxConfig toConfig(boolean exclusiveStore) {
        return OutboxConfig.custom().exclusiveStore(exclusiveStore).ackDelay(ackDelay).redeliverAfter(redeliverAfter)
                .errorText(errorText)
                .maxAttempts(maxAttempts).retryBackoff(retryBackoff).maxRetryAfter(maxRetryAfter).build();
    }

    /** @return the acknowledgement delay */
    public Duration getAckDelay() {
        return ackDelay;
    }

    /** @param ackDelay the acknowledgement delay */
    public void setAckDelay(Duration ackDelay) {
        this.ackDelay = ackDelay;
    }

    /** @return the redelivery age */
    public Duration getRedeliverAfter() {
        return redeliverAfter;
    }

    /** @param redeliverAfter the redelivery age */
    public void setRedeliverAfter(Duration redeliverAfter) {
        this.redeliverAfter = redeliverAfter;
    }

    /** @return the error text */
    public String getErrorText() {
        return errorText;
    }

    /** @param errorText the error text, empty for none */
    public void setErrorText(String errorText) {
        this.errorText = errorText;
    }

    /** @return the attempts per call */
    public int getMaxAttempts() {
        return maxAttempts;
    }

    /** @param maxAttempts the attempts per call */
    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    /** @return the first back-off */
    public Duration getRetryBackoff() {
        return retryBackoff;
    }

    /** @param retryBackoff the first back-off */
    public void setRetryBackoff(Duration retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    /** @return the longest retry_after waited for */
    @DeprecatedConfigurationProperty(replacement = "tgfsm.bot.flood.max-wait", reason = "Outbound flood control honours retry_after for every Bot API call, within its max-wait.")
    @Deprecated
    public Duration getMaxRetryAfter() {
        return maxRetryAfter;
    }

    /** @param maxRetryAfter the longest retry_after waited for */
    public void setMaxRetryAfter(Duration maxRetryAfter) {
        this.maxRetryAfter = maxRetryAfter;
    }

    /** @return the flush interval */
    public Duration getFlushInterval() {
        return flushInterval;
    }

    /** @param flushInterval the flush interval */
    public void setFlushInterval(Duration flushInterval) {
        this.flushInterval = flushInterval;
    }
}
