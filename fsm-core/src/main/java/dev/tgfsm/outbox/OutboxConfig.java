package dev.tgfsm.outbox;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.outbound.FloodControlConfig;
import dev.tgfsm.outbound.OutboundLimiter;

/**
 * How the outbox delivers and acknowledges: immutable, built with {@link #custom()} or taken as
 * {@link #ofDefaults()}, validated eagerly.
 */
public final class OutboxConfig {

    /** The default wait before a delivery is acknowledged by a write of its own. */
    public static final Duration DEFAULT_ACK_DELAY = Duration.ofSeconds(2);

    /** The default age after which another run's undelivered entries are sent again. */
    public static final Duration DEFAULT_REDELIVER_AFTER = Duration.ofSeconds(10);

    /** The default text sent to the user when the Bot API refused a reply. */
    public static final String DEFAULT_ERROR_TEXT = "Sorry, something went wrong. Please try again.";

    /** The default number of attempts of one call on network errors and server errors. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    /** The default wait before the second attempt; it doubles for each further one. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(200);

    /** The default longest {@code retry_after} honoured; a longer one leaves the call pending. */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(10);

    private final Duration ackDelay;

    private final Duration redeliverAfter;

    private final @Nullable String errorText;

    private final int maxAttempts;

    private final Duration retryBackoff;

    private final Duration maxRetryAfter;

    private final boolean exclusiveStore;

    private OutboxConfig(Builder b) {
        this.ackDelay = positive(b.ackDelay, "ackDelay");
        this.redeliverAfter = positive(b.redeliverAfter, "redeliverAfter");
        if (redeliverAfter.compareTo(ackDelay) <= 0) {
            throw new IllegalArgumentException("redeliverAfter (" + redeliverAfter + ") must exceed ackDelay ("
                    + ackDelay + "): a stored call is sent only until redeliverAfter - ackDelay after it was stored");
        }
        this.errorText = b.errorText == null || b.errorText.isBlank() ? null : b.errorText;
        if (b.maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + b.maxAttempts);
        }
        this.maxAttempts = b.maxAttempts;
        this.retryBackoff = notNegative(b.retryBackoff, "retryBackoff");
        this.maxRetryAfter = notNegative(b.maxRetryAfter, "maxRetryAfter");
        this.exclusiveStore = b.exclusiveStore;
    }

    /**
     * Tells whether this process is the only one using the store (an embedded SQLite or H2 file, the
     * memory store, or a store without cross-instance locking): pending calls stored by another run
     * are then from a stopped process and are redelivered at once instead of after
     * {@link #redeliverAfter()}.
     *
     * @return {@code true} for a store this process has to itself
     */
    public boolean exclusiveStore() {
        return exclusiveStore;
    }

    /**
     * The defaults: acknowledge after 2 s, redeliver after 10 s, a generic error text, 3 attempts
     * starting at 200 ms back-off, {@code retry_after} honoured up to 10 s.
     *
     * @return the defaults
     */
    public static OutboxConfig ofDefaults() {
        return custom().build();
    }

    /**
     * Starts a configuration from the defaults.
     *
     * @return a builder
     */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * Returns how long a delivery waits for the conversation's next commit to carry its
     * acknowledgement before the background flush writes it.
     *
     * @return the delay
     */
    public Duration ackDelay() {
        return ackDelay;
    }

    /**
     * Returns how old another run's stored entries must be before a unit of work sends them again.
     * It also bounds the sending of an entry: its calls are sent, retried or waited for (flood-control
     * permits, a {@code 429}'s {@code retry_after}, a back-off) only until
     * {@code redeliverAfter - ackDelay} after the entry was stored; then they stay pending for
     * whichever instance takes the entry over, so a waiting send is never doubled by a take-over.
     *
     * @return the age, more than {@link #ackDelay()}
     */
    public Duration redeliverAfter() {
        return redeliverAfter;
    }

    /**
     * Returns the text sent to the chat when the Bot API refused a message to it.
     *
     * @return the text, or {@code null} to send none
     */
    public @Nullable String errorText() {
        return errorText;
    }

    /**
     * Returns the attempts of one call on network and server errors.
     *
     * @return at least 1
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Returns the wait before the second attempt (doubled for each further one).
     *
     * @return the back-off
     */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    /**
     * Returns the longest {@code retry_after} of a 429 answer that is waited for by a sender without
     * flood control; with an {@link OutboundLimiter} its
     * {@link FloodControlConfig#maxWait() maxWait} applies instead. Either is cut
     * short by the entry's sending deadline (see {@link #redeliverAfter()}).
     *
     * @return the bound
     */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name + " must not be null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
        return d;
    }

    private static Duration notNegative(Duration d, String name) {
        Objects.requireNonNull(d, name + " must not be null");
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
        return d;
    }

    /** Builds an {@link OutboxConfig}. */
    public static final class Builder {

        private Duration ackDelay = DEFAULT_ACK_DELAY;

        private Duration redeliverAfter = DEFAULT_REDELIVER_AFTER;

        private @Nullable String errorText = DEFAULT_ERROR_TEXT;

        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

        private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;

        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;

        private boolean exclusiveStore;

        private Builder() {
        }

        /**
         * Sets the acknowledgement delay.
         *
         * @param delay positive
         * @return this builder
         */
        public Builder ackDelay(Duration delay) {
            this.ackDelay = delay;
            return this;
        }

        /**
         * Sets the age after which another run's entries are redelivered.
         *
         * @param age positive, more than the acknowledgement delay
         * @return this builder
         */
        public Builder redeliverAfter(Duration age) {
            this.redeliverAfter = age;
            return this;
        }

        /**
         * Sets the text sent when the Bot API refused a message.
         *
         * @param text the text, {@code null} or blank for none
         * @return this builder
         */
        public Builder errorText(@Nullable String text) {
            this.errorText = text;
            return this;
        }

        /**
         * Sets the attempts of one call.
         *
         * @param attempts at least 1
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Sets the first back-off.
         *
         * @param backoff zero or positive
         * @return this builder
         */
        public Builder retryBackoff(Duration backoff) {
            this.retryBackoff = backoff;
            return this;
        }

        /**
         * Says whether this process is the only one using the store (see
         * {@link OutboxConfig#exclusiveStore()}); default {@code false}.
         *
         * @param exclusive {@code true} for a store this process has to itself
         * @return this builder
         */
        public Builder exclusiveStore(boolean exclusive) {
            this.exclusiveStore = exclusive;
            return this;
        }

        /**
         * Sets the longest {@code retry_after} waited for.
         *
         * @param bound zero or positive
         * @return this builder
         */
        public Builder maxRetryAfter(Duration bound) {
            this.maxRetryAfter = bound;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException if a value is out of range
         */
        public OutboxConfig build() {
            return new OutboxConfig(this);
        }
    }
}
