package dev.tgfsm.outbound;

import java.time.Duration;
import java.util.Objects;

/**
 * The immutable configuration of an {@link OutboundLimiter}: Telegram's three limits, how long one
 * call may wait for its permits, and what to do when the shared store is down. Built with
 * {@link #custom()} (validated when built) or taken as {@link #ofDefaults()}.
 */
public final class FloodControlConfig {

    /** All calls of one bot: 30 per second, bursts of 3 for replies. */
    public static final FloodLimit DEFAULT_GLOBAL = new FloodLimit(30, Duration.ofSeconds(1), 3);

    /** Messages to one chat: 1 per second, bursts of 3 for replies. */
    public static final FloodLimit DEFAULT_CHAT = new FloodLimit(1, Duration.ofSeconds(1), 3);

    /** Messages to one group or channel: 20 per minute, bursts of 3 for replies. */
    public static final FloodLimit DEFAULT_GROUP = new FloodLimit(20, Duration.ofMinutes(1), 3);

    /** How long one call may wait for its permits (including a {@code retry_after}): 10 seconds. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(10);

    private final boolean enabled;

    private final FloodLimit global;

    private final FloodLimit chat;

    private final FloodLimit group;

    private final Duration maxWait;

    private final FloodFailureMode failureMode;

    private FloodControlConfig(Builder b) {
        this.enabled = b.enabled;
        this.global = Objects.requireNonNull(b.global, "global must not be null");
        this.chat = Objects.requireNonNull(b.chat, "chat must not be null");
        this.group = Objects.requireNonNull(b.group, "group must not be null");
        this.maxWait = Objects.requireNonNull(b.maxWait, "maxWait must not be null");
        this.failureMode = Objects.requireNonNull(b.failureMode, "failureMode must not be null");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
        }
    }

    /**
     * The defaults: enabled, {@link #DEFAULT_GLOBAL}, {@link #DEFAULT_CHAT}, {@link #DEFAULT_GROUP},
     * {@link #DEFAULT_MAX_WAIT}, {@link FloodFailureMode#LOCAL}.
     *
     * @return the defaults
     */
    public static FloodControlConfig ofDefaults() {
        return custom().build();
    }

    /**
     * Flood control switched off: calls take no permits; a {@code 429}'s {@code retry_after} up to
     * {@link #DEFAULT_MAX_WAIT} is still waited and the call tried again.
     *
     * @return the configuration
     */
    public static FloodControlConfig disabled() {
        return custom().enabled(false).build();
    }

    /**
     * Starts a builder with the defaults.
     *
     * @return the builder
     */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * Tells whether calls take permits.
     *
     * @return {@code true} unless switched off
     */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Returns the limit on all calls of the bot.
     *
     * @return the global limit
     */
    public FloodLimit global() {
        return global;
    }

    /**
     * Returns the limit on messages to one chat.
     *
     * @return the per-chat limit
     */
    public FloodLimit chat() {
        return chat;
    }

    /**
     * Returns the limit on messages to one group, supergroup or channel (a negative chat id or an
     * {@code @username}), on top of the per-chat limit.
     *
     * @return the per-group limit
     */
    public FloodLimit group() {
        return group;
    }

    /**
     * Returns how long one call may wait for its permits and {@code retry_after}s before it fails.
     *
     * @return the bound
     */
    public Duration maxWait() {
        return maxWait;
    }

    /**
     * Returns what happens when the shared store is down.
     *
     * @return the failure mode
     */
    public FloodFailureMode failureMode() {
        return failureMode;
    }

    /** Builds a {@link FloodControlConfig}. */
    public static final class Builder {

        private boolean enabled = true;

        private FloodLimit global = DEFAULT_GLOBAL;

        private FloodLimit chat = DEFAULT_CHAT;

        private FloodLimit group = DEFAULT_GROUP;

        private Duration maxWait = DEFAULT_MAX_WAIT;

        private FloodFailureMode failureMode = FloodFailureMode.LOCAL;

        private Builder() {
        }

        /**
         * Switches flood control on or off.
         *
         * @param enabled whether calls take permits
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * Sets the limit on all calls of the bot.
         *
         * @param limit the limit
         * @return this builder
         */
        public Builder global(FloodLimit limit) {
            this.global = limit;
            return this;
        }

        /**
         * Sets the limit on messages to one chat.
         *
         * @param limit the limit
         * @return this builder
         */
        public Builder chat(FloodLimit limit) {
            this.chat = limit;
            return this;
        }

        /**
         * Sets the limit on messages to one group or channel.
         *
         * @param limit the limit
         * @return this builder
         */
        public Builder group(FloodLimit limit) {
            this.group = limit;
            return this;
        }

        /**
         * Sets how long one call may wait for its permits.
         *
         * @param maxWait the bound, not negative
         * @return this builder
         */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = maxWait;
            return this;
        }

        /**
         * Sets what happens when the shared store is down.
         *
         * @param mode the failure mode
         * @return this builder
         */
        public Builder failureMode(FloodFailureMode mode) {
            this.failureMode = mode;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException if a value is invalid
         * @throws NullPointerException if a value is missing
         */
        public FloodControlConfig build() {
            return new FloodControlConfig(this);
        }
    }
}
