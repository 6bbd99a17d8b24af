package dev.tgfsm.autoconfigure.timeout;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tgfsm.timeout.TimeoutConfig;

/**
 * Idle timeouts, under {@code tgfsm.timeout}. Flows and scenes may set their own idle time
 * ({@code Flow.Builder.idleTimeout}, {@code Scene.withIdleTimeout}).
 */
@ConfigurationProperties("tgfsm.timeout")
public class TimeoutProperties {

    /** Whether idle timeouts are tracked and fired (only when some state has an idle time). */
    private boolean enabled = true;

    /** The idle time of every state without one of its own; unset for none. */
    private @Nullable Duration idle;

    /** How long before expiry the user is warned; unset or 0 for no warning. */
    private @Nullable Duration warningBefore;

    /** The warning; {minutes} is replaced by the minutes left. */
    private String warningText = TimeoutConfig.DEFAULT_WARNING_TEXT;

    /** What the user is told when the conversation expired; empty for nothing. */
    private String expiredText = TimeoutConfig.DEFAULT_EXPIRED_TEXT;

    /**
     * Whether a conversation whose idle deadline (or tgfsm.ttl) passed while nobody told the user (the bot was
     * down, or no scheduler runs) is expired with the expiry text on the user's next message, before that
     * message is handled.
     */
    private boolean notifyOnNextMessage = true;

    /**
     * Idle times by state prefix; 0 switches the timeout off. A prefix with a colon needs brackets in
     * YAML, {@code "[booking:]": 10m}, or the colon is dropped.
     */
    private Map<String, Duration> states = new LinkedHashMap<>();

    /** How often each instance looks for due deadlines. */
    private Duration pollInterval = TimeoutConfig.DEFAULT_POLL_INTERVAL;

    /** How long a claimed deadline is held before another instance may retry it. */
    private Duration claimLease = TimeoutConfig.DEFAULT_CLAIM_LEASE;

    /** How many deadlines one claim takes at most. */
    private int batchSize = TimeoutConfig.DEFAULT_BATCH_SIZE;

    /**
     * Builds the core configuration, validating every value.
     *
     * @return the configuration
     */
    public TimeoutConfig toConfig() {
        TimeoutConfig.Builder builder = TimeoutConfig.builder().idle(idle).warningBefore(warningBefore)
                .warningText(warningText).expiredText(expiredText == null || expiredText.isBlank() ? null : expiredText)
                .pollInterval(pollInterval).claimLease(claimLease).batchSize(batchSize);
        states.forEach(builder::override);
        return builder.build();
    }

    /** @return whether timeouts are enabled */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether timeouts are enabled */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the global idle time, or {@code null} */
    public @Nullable Duration getIdle() {
        return idle;
    }

    /** @param idle the global idle time, or {@code null} */
    public void setIdle(@Nullable Duration idle) {
        this.idle = idle;
    }

    /** @return how long before expiry the warning goes out, or {@code null} */
    public @Nullable Duration getWarningBefore() {
        return warningBefore;
    }

    /** @param warningBefore how long before expiry the warning goes out, or {@code null} */
    public void setWarningBefore(@Nullable Duration warningBefore) {
        this.warningBefore = warningBefore;
    }

    /** @return the warning text */
    public String getWarningText() {
        return warningText;
    }

    /** @param warningText the warning text */
    public void setWarningText(String warningText) {
        this.warningText = warningText;
    }

    /** @return whether an unnoticed expiry is told on the next message */
    public boolean isNotifyOnNextMessage() {
        return notifyOnNextMessage;
    }

    /** @param notifyOnNextMessage whether an unnoticed expiry is told on the next message */
    public void setNotifyOnNextMessage(boolean notifyOnNextMessage) {
        this.notifyOnNextMessage = notifyOnNextMessage;
    }

    /** @return the expiry text */
    public String getExpiredText() {
        return expiredText;
    }

    /** @param expiredText the expiry text */
    public void setExpiredText(String expiredText) {
        this.expiredText = expiredText;
    }

    /** @return idle times by state prefix */
    public Map<String, Duration> getStates() {
        return states;
    }

    /** @param states idle times by state prefix */
    public void setStates(Map<String, Duration> states) {
        this.states = states;
    }

    /** @return the poll interval */
    public Duration getPollInterval() {
        return pollInterval;
    }

    /** @param pollInterval the poll interval */
    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    /** @return the claim lease */
    public Duration getClaimLease() {
        return claimLease;
    }

    /** @param claimLease the claim lease */
    public void setClaimLease(Duration claimLease) {
        this.claimLease = claimLease;
    }

    /** @return the batch size */
    public int getBatchSize() {
        return batchSize;
    }

    /** @param batchSize the batch size */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }
}
