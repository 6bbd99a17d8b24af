package dev.tgfsm.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tgfsm.outbound.FloodControlConfig;
import dev.tgfsm.outbound.FloodFailureMode;
import dev.tgfsm.outbound.FloodLimit;

/**
 * Outbound flood control ({@code tgfsm.bot.flood.*}): the limits every Bot API call of tgfsm respects,
 * shared by all instances through the storage. Defaults follow Telegram's published limits.
 */
@ConfigurationProperties("tgfsm.bot.flood")
public class FloodProperties {

    /** Whether calls take permits; when off, only a 429's retry_after is still honoured. */
    private boolean enabled = true;

    /** All calls of the bot, across instances: 30 per second by default. */
    private Limit global = Limit.of(FloodControlConfig.DEFAULT_GLOBAL);

    /** Messages to one chat: 1 per second by default, bursts of 3 for replies. */
    private Limit chat = Limit.of(FloodControlConfig.DEFAULT_CHAT);

    /** Messages to one group, supergroup or channel, on top of the chat limit: 20 per minute by default. */
    private Limit group = Limit.of(FloodControlConfig.DEFAULT_GROUP);

    /**
     * How long one call may wait for its permits and a 429's retry_after; a call that cannot go out
     * within it fails (an outbox call stays pending and is redelivered).
     */
    private Duration maxWait = FloodControlConfig.DEFAULT_MAX_WAIT;

    /**
     * What happens while the storage holding the limits is down: LOCAL limits each instance on its own,
     * HOLD fails the call (outbox calls stay pending until the storage is back).
     */
    private FloodFailureMode failureMode = FloodFailureMode.LOCAL;

    /**
     * Whether the TelegramClient the application injects passes the same limits (and waits a 429's
     * retry_after) for the calls the application makes itself; off, it gets the plain client. Applies
     * only to the client tgfsm creates: an application's own TelegramClient bean is never wrapped.
     * Read from tgfsm.bot.flood only (with several bots it covers the client of every bot).
     */
    private boolean limitApplicationCalls = true;

    /**
     * Returns the core configuration these properties describe.
     *
     * @return the configuration
     * @throws IllegalArgumentException if a value is invalid
     */
    public FloodControlConfig toConfig() {
        return FloodControlConfig.custom().enabled(enabled).global(global.toLimit()).chat(chat.toLimit())
                .group(group.toLimit()).maxWait(maxWait).failureMode(failureMode).build();
    }

    /**
     * Tells whether calls take permits.
     *
     * @return {@code true} if enabled
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Switches flood control on or off.
     *
     * @param enabled {@code true} to limit calls
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Returns the limit on all calls.
     *
     * @return the limit
     */
    public Limit getGlobal() {
        return global;
    }

    /**
     * Returns the limit per chat.
     *
     * @return the limit
     */
    public Limit getChat() {
        return chat;
    }

    /**
     * Returns the limit per group or channel.
     *
     * @return the limit
     */
    public Limit getGroup() {
        return group;
    }

    /**
     * Returns how long one call may wait.
     *
     * @return the bound
     */
    public Duration getMaxWait() {
        return maxWait;
    }

    /**
     * Sets how long one call may wait.
     *
     * @param maxWait the bound
     */
    public void setMaxWait(Duration maxWait) {
        this.maxWait = maxWait;
    }

    /**
     * Returns what happens while the storage is down.
     *
     * @return the failure mode
     */
    public FloodFailureMode getFailureMode() {
        return failureMode;
    }

    /**
     * Sets what happens while the storage is down.
     *
     * @param failureMode the failure mode
     */
    public void setFailureMode(FloodFailureMode failureMode) {
        this.failureMode = failureMode;
    }

    /**
     * Tells whether the application's TelegramClient is flood-controlled.
     *
     * @return {@code true} if its calls take permits
     */
    public boolean isLimitApplicationCalls() {
        return limitApplicationCalls;
    }

    /**
     * Switches flood control of the application's own calls on or off.
     *
     * @param limitApplicationCalls {@code true} to limit them
     */
    public void setLimitApplicationCalls(boolean limitApplicationCalls) {
        this.limitApplicationCalls = limitApplicationCalls;
    }

    /** One limit: permits per period, with a burst for replies. */
    public static class Limit {

        /** How many calls per period. */
        private int permits;

        /** The period the permits are spread over. */
        private Duration period;

        /**
         * How many calls a reply may send back to back after a quiet time (background jobs such as
         * timeouts and restart notices always go at the sustained rate).
         */
        private int burst;

        static Limit of(FloodLimit values) {
            Limit limit = new Limit();
            limit.permits = values.permits();
            limit.period = values.period();
            limit.burst = values.burst();
            return limit;
        }

        FloodLimit toLimit() {
            return new FloodLimit(permits, period, burst);
        }

        /**
         * Returns the permits per period.
         *
         * @return the permits
         */
        public int getPermits() {
            return permits;
        }

        /**
         * Sets the permits per period.
         *
         * @param permits the permits
         */
        public void setPermits(int permits) {
            this.permits = permits;
        }

        /**
         * Returns the period.
         *
         * @return the period
         */
        public Duration getPeriod() {
            return period;
        }

        /**
         * Sets the period.
         *
         * @param period the period
         */
        public void setPeriod(Duration period) {
            this.period = period;
        }

        /**
         * Returns the burst.
         *
         * @return the burst
         */
        public int getBurst() {
            return burst;
        }

        /**
         * Sets the burst.
         *
         * @param burst the burst
         */
        public void setBurst(int burst) {
            this.burst = burst;
        }
    }
}
