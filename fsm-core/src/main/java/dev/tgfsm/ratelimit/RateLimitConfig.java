package dev.tgfsm.ratelimit;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmConfigurationException;

/**
 * The immutable configuration of one {@link RateLimiter}: how many permits per period, the burst,
 * what a limit applies to, the algorithm, what to do when the storage is down, and the notice a
 * throttled user gets. Built with {@link #custom()} (validated eagerly, on each setter) or taken as
 * {@link #ofDefaults()}.
 */
public final class RateLimitConfig {

    /** Permits per period unless configured: 30. */
    public static final int DEFAULT_LIMIT_FOR_PERIOD = 30;

    /** The period unless configured: one minute. */
    public static final Duration DEFAULT_PERIOD = Duration.ofMinutes(1);

    /** The limiter's name unless configured, part of its storage keys. */
    public static final String DEFAULT_NAME = "updates";

    /** The notice unless configured; {@code {seconds}} is replaced by the seconds to wait. */
    public static final String DEFAULT_NOTICE = "Too many requests. Please wait {seconds} s.";

    private final String name;

    private final int limitForPeriod;

    private final Duration period;

    private final int burst;

    private final RateLimitScope scope;

    private final RateLimitAlgorithm algorithm;

    private final RateLimitFailureMode failureMode;

    private final @Nullable String noticeText;

    /** {@code period / limitForPeriod}, divided once: {@code Duration.dividedBy} goes through {@code BigDecimal}. */
    private final Duration emissionInterval;

    private RateLimitConfig(Builder b) {
        this.name = b.name;
        this.limitForPeriod = b.limitForPeriod;
        this.period = b.period;
        this.burst = b.burst > 0 ? b.burst : b.limitForPeriod;
        this.scope = b.scope;
        this.algorithm = b.algorithm;
        this.failureMode = b.failureMode;
        this.noticeText = b.noticeText;
        this.emissionInterval = period.dividedBy(limitForPeriod);
    }

    /**
     * The default configuration: 30 per minute per user, burst 30, GCRA, fail-open, default notice.
     *
     * @return the defaults
     */
    public static RateLimitConfig ofDefaults() {
        return custom().build();
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
     * Starts a builder with this configuration's values.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return custom().name(name).limitForPeriod(limitForPeriod).period(period).burst(burst).scope(scope)
                .algorithm(algorithm).failureMode(failureMode).noticeText(noticeText);
    }

    /**
     * Returns the limiter's name, part of its storage keys.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns how many permits one period grants.
     *
     * @return the limit, positive
     */
    public int limitForPeriod() {
        return limitForPeriod;
    }

    /**
     * Returns the period.
     *
     * @return the period, positive
     */
    public Duration period() {
        return period;
    }

    /**
     * Returns how many permits may be taken at once after a quiet time (GCRA only).
     *
     * @return the burst, positive; the limit per period unless configured
     */
    public int burst() {
        return burst;
    }

    /**
     * Returns the time between two permits at the steady rate: the period divided by the limit.
     *
     * @return the emission interval
     */
    public Duration emissionInterval() {
        return emissionInterval;
    }

    /**
     * Returns what one limit counts.
     *
     * @return the scope
     */
    public RateLimitScope scope() {
        return scope;
    }

    /**
     * Returns the algorithm.
     *
     * @return the algorithm
     */
    public RateLimitAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * Returns what a check answers when the storage is down.
     *
     * @return the failure mode
     */
    public RateLimitFailureMode failureMode() {
        return failureMode;
    }

    /**
     * Returns the notice sent to a throttled user at most once per period.
     *
     * @return the text with an optional {@code {seconds}} placeholder, or {@code null} for no notice
     */
    public @Nullable String noticeText() {
        return noticeText;
    }

    @Override
    public String toString() {
        return "RateLimitConfig[" + name + ": " + limitForPeriod + " per " + period + ", burst " + burst + ", "
                + scope + ", " + algorithm + ", fail-" + failureMode.name().toLowerCase(Locale.ROOT) + "]";
    }

    /** Builds a {@link RateLimitConfig}; every setter validates its argument at once. */
    public static final class Builder {

        private String name = DEFAULT_NAME;

        private int limitForPeriod = DEFAULT_LIMIT_FOR_PERIOD;

        private Duration period = DEFAULT_PERIOD;

        private int burst;

        private RateLimitScope scope = RateLimitScope.USER;

        private RateLimitAlgorithm algorithm = RateLimitAlgorithm.GCRA;

        private RateLimitFailureMode failureMode = RateLimitFailureMode.OPEN;

        private @Nullable String noticeText = DEFAULT_NOTICE;

        private Builder() {
        }

        /**
         * Sets the name, part of the storage keys; limiters with different names count separately.
         *
         * @param value not blank
         * @return this builder
         */
        public Builder name(String value) {
            Objects.requireNonNull(value, "name must not be null");
            if (value.isBlank()) {
                throw new FsmConfigurationException("Rate limit name must not be blank");
            }
            this.name = value;
            return this;
        }

        /**
         * Sets how many permits one period grants.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder limitForPeriod(int value) {
            if (value < 1) {
                throw new FsmConfigurationException("Rate limit limitForPeriod must be at least 1, was " + value);
            }
            this.limitForPeriod = value;
            return this;
        }

        /**
         * Sets the period.
         *
         * @param value at least one millisecond
         * @return this builder
         */
        public Builder period(Duration value) {
            Objects.requireNonNull(value, "period must not be null");
            if (value.toMillis() < 1) {
                throw new FsmConfigurationException("Rate limit period must be at least 1 ms, was " + value);
            }
            this.period = value;
            return this;
        }

        /**
         * Sets the burst (GCRA): permits available at once after a quiet time.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder burst(int value) {
            if (value < 1) {
                throw new FsmConfigurationException("Rate limit burst must be at least 1, was " + value);
            }
            this.burst = value;
            return this;
        }

        /**
         * Sets what one limit counts.
         *
         * @param value the scope
         * @return this builder
         */
        public Builder scope(RateLimitScope value) {
            this.scope = Objects.requireNonNull(value, "scope must not be null");
            return this;
        }

        /**
         * Sets the algorithm.
         *
         * @param value the algorithm
         * @return this builder
         */
        public Builder algorithm(RateLimitAlgorithm value) {
            this.algorithm = Objects.requireNonNull(value, "algorithm must not be null");
            return this;
        }

        /**
         * Sets what a check answers when the storage is down.
         *
         * @param value the mode
         * @return this builder
         */
        public Builder failureMode(RateLimitFailureMode value) {
            this.failureMode = Objects.requireNonNull(value, "failureMode must not be null");
            return this;
        }

        /**
         * Sets the notice for throttled users.
         *
         * @param value the text, {@code {seconds}} replaced by the wait; {@code null} for no notice
         * @return this builder
         */
        public Builder noticeText(@Nullable String value) {
            if (value != null && value.isBlank()) {
                throw new FsmConfigurationException("Rate limit notice must be null or not blank");
            }
            this.noticeText = value;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws FsmConfigurationException if the emission interval (period / limit) is under a
         *         microsecond
         */
        public RateLimitConfig build() {
            if (period.dividedBy(limitForPeriod).toNanos() < 1_000) {
                throw new FsmConfigurationException("Rate limit of " + limitForPeriod + " per " + period
                        + " is finer than one permit per microsecond");
            }
            return new RateLimitConfig(this);
        }
    }
}
