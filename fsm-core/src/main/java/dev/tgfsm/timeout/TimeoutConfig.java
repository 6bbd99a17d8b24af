package dev.tgfsm.timeout;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.scene.Scene;

/**
 * The configuration of idle timeouts: the global idle time, the warning, the texts, per-state
 * overrides and how the scheduler polls. Immutable; build it with {@link #builder()}.
 *
 * <p>A conversation is covered when its state has an idle time: a per-flow or per-scene one
 * ({@link Flow.Builder#idleTimeout}, {@link Scene#withIdleTimeout}),
 * else an override whose state prefix matches, else the global {@link #idle()}. A zero idle time
 * switches the timeout off for that state. A conversation without a state is never covered.
 *
 * @param idle the global idle time, or {@code null} for none
 * @param warningBefore how long before expiry the warning is sent, or {@code null} for no warning;
 *        ignored for idle times not longer than it
 * @param warningText the warning; {@code {minutes}} is replaced by the minutes left
 * @param expiredText what the default expiry handler tells the user, or {@code null} for nothing
 * @param overrides idle times by state prefix (the longest matching prefix wins)
 * @param claimLease how long the scheduler holds a claimed deadline before another may retry it
 * @param batchSize how many deadlines one claim takes at most
 * @param pollInterval how often the scheduler looks for due deadlines
 */
public record TimeoutConfig(@Nullable Duration idle, @Nullable Duration warningBefore, String warningText,
        @Nullable String expiredText,
        Map<String, Duration> overrides, Duration claimLease, int batchSize, Duration pollInterval) {

    /** The default warning text. */
    public static final String DEFAULT_WARNING_TEXT = "Your session will expire in {minutes} minutes due to "
            + "inactivity. Send any message to keep it active.";

    /** The default expiry text. */
    public static final String DEFAULT_EXPIRED_TEXT = "Your session expired. Use /start to begin again.";

    /** The default claim lease: one minute. */
    public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofMinutes(1);

    /** The default batch size: 100. */
    public static final int DEFAULT_BATCH_SIZE = 100;

    /** The default poll interval: one second. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    /**
     * Validates the configuration.
     *
     * @param idle the global idle time, zero or positive, or {@code null} for none
     * @param warningBefore how long before expiry to warn; zero, negative or {@code null} means no warning
     * @param warningText the warning, with {@code {minutes}} for the minutes left, not {@code null}
     * @param expiredText what the default expiry handler says, or {@code null} for nothing
     * @param overrides idle times by state prefix, none negative, not {@code null}; copied
     * @param claimLease how long a claimed deadline is held, at least 1 ms
     * @param batchSize the most deadlines one claim takes, at least 1
     * @param pollInterval how often the scheduler polls, at least 1 ms
     */
    public TimeoutConfig {
        if (idle != null && idle.isNegative()) {
            throw new FsmConfigurationException("The idle timeout must not be negative, was " + idle);
        }
        if (warningBefore != null && (warningBefore.isNegative() || warningBefore.isZero())) {
            warningBefore = null;
        }
        Objects.requireNonNull(warningText, "warningText must not be null");
        overrides = Map.copyOf(Objects.requireNonNull(overrides, "overrides must not be null"));
        overrides.forEach((prefix, d) -> {
            if (d.isNegative()) {
                throw new FsmConfigurationException(
                        "The idle timeout of states '" + prefix + "*' must not be negative");
            }
        });
        Objects.requireNonNull(claimLease, "claimLease must not be null");
        if (claimLease.toMillis() < 1) {
            throw new FsmConfigurationException("The claim lease must be at least 1 ms, was " + claimLease);
        }
        if (batchSize < 1) {
            throw new FsmConfigurationException("The batch size must be at least 1, was " + batchSize);
        }
        Objects.requireNonNull(pollInterval, "pollInterval must not be null");
        if (pollInterval.toMillis() < 1) {
            throw new FsmConfigurationException("The poll interval must be at least 1 ms, was " + pollInterval);
        }
    }

    /**
     * Starts a configuration with the defaults: no global idle time, no warning, the default texts.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Tells when the warning is due for a deadline, if one is sent for this idle time.
     *
     * @param idleTime the conversation's idle time
     * @return whether a warning precedes the expiry
     */
    public boolean warns(Duration idleTime) {
        return warningBefore != null && idleTime.compareTo(warningBefore) > 0;
    }

    /** Builds a {@link TimeoutConfig}. */
    public static final class Builder {

        private @Nullable Duration idle;

        private @Nullable Duration warningBefore;

        private String warningText = DEFAULT_WARNING_TEXT;

        private @Nullable String expiredText = DEFAULT_EXPIRED_TEXT;

        private final Map<String, Duration> overrides = new LinkedHashMap<>();

        private Duration claimLease = DEFAULT_CLAIM_LEASE;

        private int batchSize = DEFAULT_BATCH_SIZE;

        private Duration pollInterval = DEFAULT_POLL_INTERVAL;

        private Builder() {
        }

        /**
         * Sets the global idle time.
         *
         * @param value the idle time, {@code null} or zero for none
         * @return this builder
         */
        public Builder idle(@Nullable Duration value) {
            this.idle = value;
            return this;
        }

        /**
         * Sets how long before expiry the warning is sent.
         *
         * @param value the time, {@code null} or zero for no warning
         * @return this builder
         */
        public Builder warningBefore(@Nullable Duration value) {
            this.warningBefore = value;
            return this;
        }

        /**
         * Sets the warning text.
         *
         * @param text the text; {@code {minutes}} is replaced by the minutes left
         * @return this builder
         */
        public Builder warningText(String text) {
            this.warningText = text;
            return this;
        }

        /**
         * Sets the text the default expiry handler sends.
         *
         * @param text the text, or {@code null} for none
         * @return this builder
         */
        public Builder expiredText(@Nullable String text) {
            this.expiredText = text;
            return this;
        }

        /**
         * Sets the idle time of states starting with a prefix.
         *
         * @param statePrefix for example {@code booking:} or {@code scene:checkout}
         * @param value the idle time, zero for none
         * @return this builder
         */
        public Builder override(String statePrefix, Duration value) {
            overrides.put(Objects.requireNonNull(statePrefix, "statePrefix must not be null"),
                    Objects.requireNonNull(value, "value must not be null"));
            return this;
        }

        /**
         * Sets how long a claimed deadline is held before it may be retried.
         *
         * @param value the lease
         * @return this builder
         */
        public Builder claimLease(Duration value) {
            this.claimLease = value;
            return this;
        }

        /**
         * Sets how many deadlines one claim takes at most.
         *
         * @param value the size
         * @return this builder
         */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /**
         * Sets how often the scheduler polls.
         *
         * @param value the interval
         * @return this builder
         */
        public Builder pollInterval(Duration value) {
            this.pollInterval = value;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public TimeoutConfig build() {
            return new TimeoutConfig(idle, warningBefore, warningText, expiredText, overrides, claimLease,
                    batchSize, pollInterval);
        }
    }
}
