package dev.tgfsm.autoconfigure.middleware;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tgfsm.ratelimit.RateLimitAlgorithm;
import dev.tgfsm.ratelimit.RateLimitConfig;
import dev.tgfsm.ratelimit.RateLimitFailureMode;
import dev.tgfsm.ratelimit.RateLimitScope;

/**
 * The update rate limit, under {@code tgfsm.rate-limit}.
 */
@ConfigurationProperties("tgfsm.rate-limit")
public class RateLimitProperties {

    /** Whether updates are rate limited before routing. */
    private boolean enabled;

    /** The limiter's name, part of its storage keys. */
    private String name = RateLimitConfig.DEFAULT_NAME;

    /** How many updates one period allows. */
    private int limitForPeriod = RateLimitConfig.DEFAULT_LIMIT_FOR_PERIOD;

    /** The period. */
    private Duration period = RateLimitConfig.DEFAULT_PERIOD;

    /** How many updates may come at once after a quiet time (GCRA); unset means the limit per period. */
    private @Nullable Integer burst;

    /** What one limit counts: user, chat or global. */
    private RateLimitScope scope = RateLimitScope.USER;

    /** The algorithm: gcra or fixed-window. */
    private RateLimitAlgorithm algorithm = RateLimitAlgorithm.GCRA;

    /** What to do when the storage is down: open (let updates through) or closed (drop them). */
    private RateLimitFailureMode failureMode = RateLimitFailureMode.OPEN;

    /** The notice sent to a throttled user at most once per period; {seconds} is the wait; empty for none. */
    private String noticeText = RateLimitConfig.DEFAULT_NOTICE;

    /**
     * Builds the limiter configuration, validating every value.
     *
     * @return the configuration
     */
    public RateLimitConfig toConfig() {
        RateLimitConfig.Builder builder = RateLimitConfig.custom().name(name).limitForPeriod(limitForPeriod)
                .period(period).scope(scope).algorithm(algorithm).failureMode(failureMode)
                .noticeText(noticeText == null || noticeText.isBlank() ? null : noticeText);
        if (burst != null) {
            builder.burst(burst);
        }
        return builder.build();
    }

    /** @return whether enabled */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether enabled */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the name */
    public String getName() {
        return name;
    }

    /** @param name the name */
    public void setName(String name) {
        this.name = name;
    }

    /** @return the limit per period */
    public int getLimitForPeriod() {
        return limitForPeriod;
    }

    /** @param limitForPeriod the limit per period */
    public void setLimitForPeriod(int limitForPeriod) {
        this.limitForPeriod = limitForPeriod;
    }

    /** @return the period */
    public Duration getPeriod() {
        return period;
    }

    /** @param period the period */
    public void setPeriod(Duration period) {
        this.period = period;
    }

    /** @return the burst, or {@code null} */
    public @Nullable Integer getBurst() {
        return burst;
    }

    /** @param burst the burst, or {@code null} */
    public void setBurst(@Nullable Integer burst) {
        this.burst = burst;
    }

    /** @return the scope */
    public RateLimitScope getScope() {
        return scope;
    }

    /** @param scope the scope */
    public void setScope(RateLimitScope scope) {
        this.scope = scope;
    }

    /** @return the algorithm */
    public RateLimitAlgorithm getAlgorithm() {
        return algorithm;
    }

    /** @param algorithm the algorithm */
    public void setAlgorithm(RateLimitAlgorithm algorithm) {
        this.algorithm = algorithm;
    }

    /** @return the failure mode */
    public RateLimitFailureMode getFailureMode() {
        return failureMode;
    }

    /** @param failureMode the failure mode */
    public void setFailureMode(RateLimitFailureMode failureMode) {
        this.failureMode = failureMode;
    }

    /** @return the notice text */
    public String getNoticeText() {
        return noticeText;
    }

    /** @param noticeText the notice text */
    public void setNoticeText(String noticeText) {
        this.noticeText = noticeText;
    }
}
