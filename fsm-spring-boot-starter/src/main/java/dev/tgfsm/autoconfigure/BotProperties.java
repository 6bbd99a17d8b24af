package dev.tgfsm.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.tgfsm.outbound.FloodControlConfig;
import dev.tgfsm.outbound.FloodFailureMode;
import dev.tgfsm.outbound.FloodLimit;

/**
 * The Telegram bot ({@code tgfsm.bot.*}): its token and identity, and how updates reach it (tgfsm's own
 * long polling or a webhook) and how fast tgfsm may call the Bot API for it (flood control). Further
 * bots of the same application are configured under {@code tgfsm.bots}.
 */
@ConfigurationProperties("tgfsm.bot")
public class BotProperties {

    /**
     * Bot token from BotFather ("123456:ABC-..."). When set and the application defines no
     * SpringLongPollingBot, tgfsm starts long polling and hands updates to its dispatcher. Never
     * logged.
     */
    private @Nullable String token;

    /** Bot username, without the "@"; used to recognise commands addressed to this bot. */
    private @Nullable String username;

    /**
     * Base URL of the Bot API, for a local Bot API server or a test server, for example
     * "http://localhost:8081". Only scheme, host and port are used. Unset: api.telegram.org.
     */
    private @Nullable String apiUrl;

    /**
     * Bot id, part of every storage key. Unset: the number before the colon of the token, or 0 when
     * there is no token.
     */
    private @Nullable Long id;

    /** tgfsm's own long polling. */
    private final Polling polling = new Polling();

    /** The webhook intake. */
    private final Webhook webhook = new Webhook();

    /** Outbound flood control. */
    private final Flood flood = new Flood();

    /**
     * Returns the token.
     *
     * @return the token, or {@code null}
     */
    public @Nullable String getToken() {
        return token;
    }

    /**
     * Sets the token.
     *
     * @param token the token
     */
    public void setToken(@Nullable String token) {
        this.token = token;
    }

    /**
     * Returns the username.
     *
     * @return the username, or {@code null}
     */
    public @Nullable String getUsername() {
        return username;
    }

    /**
     * Sets the username.
     *
     * @param username the username
     */
    public void setUsername(@Nullable String username) {
        this.username = username;
    }

    /**
     * Returns the Bot API URL.
     *
     * @return the URL, or {@code null} for Telegram's
     */
    public @Nullable String getApiUrl() {
        return apiUrl;
    }

    /**
     * Sets the Bot API URL.
     *
     * @param apiUrl the URL
     */
    public void setApiUrl(@Nullable String apiUrl) {
        this.apiUrl = apiUrl;
    }

    /**
     * Returns the configured bot id.
     *
     * @return the id, or {@code null} to derive it from the token
     */
    public @Nullable Long getId() {
        return id;
    }

    /**
     * Sets the bot id.
     *
     * @param id the id
     */
    public void setId(@Nullable Long id) {
        this.id = id;
    }

    /**
     * Returns the long-polling settings.
     *
     * @return the settings
     */
    public Polling getPolling() {
        return polling;
    }

    /**
     * Returns the webhook settings.
     *
     * @return the settings
     */
    public Webhook getWebhook() {
        return webhook;
    }

    /**
     * Returns the flood-control settings.
     *
     * @return the settings
     */
    public Flood getFlood() {
        return flood;
    }

    @Override
    public String toString() {
        return "Bot[username=" + username + ", apiUrl=" + apiUrl + ", id=" + id + ", token="
                + (token == null ? "null" : "******") + "]";
    }

    /**
     * Settings of tgfsm's own long polling ({@code tgfsm.bot.polling.*}), which runs when
     * {@code tgfsm.bot.token} is set and the application defines no {@code SpringLongPollingBot}.
     */
    public static class Polling {

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
         * Whether the deleteWebhook call polling makes at start-up drops the updates Telegram still
         * holds (drop_pending_updates). Off by default, so that a restart or a switch from a webhook loses
         * nothing; turn on to start afresh after a long downtime. Applies to the bot of tgfsm.bot only;
         * each bot of tgfsm.bots has its own polling.drop-pending-updates.
         */
        private boolean dropPendingUpdates;

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

        /**
         * Tells whether the start-up {@code deleteWebhook} drops the updates Telegram holds.
         *
         * @return {@code true} to drop them
         */
        public boolean isDropPendingUpdates() {
            return dropPendingUpdates;
        }

        /**
         * Sets whether the start-up {@code deleteWebhook} drops the updates Telegram holds.
         *
         * @param dropPendingUpdates {@code true} to drop them
         */
        public void setDropPendingUpdates(boolean dropPendingUpdates) {
            this.dropPendingUpdates = dropPendingUpdates;
        }
    }

    /**
     * Settings of the webhook intake ({@code tgfsm.bot.webhook.*}): Telegram posts each update to an
     * endpoint of this Spring MVC application instead of being polled. Needs a servlet web application
     * ({@code spring-boot-starter-webmvc}); when enabled, tgfsm's long polling is off.
     */
    public static class Webhook {

        /** The default path of the endpoint. */
        public static final String DEFAULT_PATH = "/telegram/webhook";

        /** The default largest request body. */
        public static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.ofMegabytes(1);

        /** The default time a request waits for its update to be done. */
        public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(30);

        /** The default number of connections Telegram may open at once. */
        public static final int DEFAULT_MAX_CONNECTIONS = 40;

        /** Whether updates arrive by webhook (and tgfsm's long polling is off). */
        private boolean enabled;

        /** The path of the endpoint Telegram posts updates to. */
        private String path = DEFAULT_PATH;

        /**
         * The secret token Telegram sends in the X-Telegram-Bot-Api-Secret-Token header of every request
         * (1-256 characters of A-Z, a-z, 0-9, _ and -); requests without it are refused with 401. Strongly
         * recommended: without it anyone who knows the URL can post updates.
         */
        private @Nullable String secretToken;

        /**
         * The public HTTPS URL of the endpoint. When set, setWebhook is called at start-up with it, the
         * secret token, max-connections and allowed-updates; when not set, register the webhook yourself.
         */
        private @Nullable String url;

        /** How many connections Telegram may open to the endpoint at once (1-100). */
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;

        /**
         * The update kinds Telegram sends (allowed_updates, for example message, callback_query); empty means
         * the kinds the application's handlers route (@BotController routes, scenes, flows; every kind when
         * a handler takes any update).
         */
        private List<BotApiUpdateType> allowedUpdates = new ArrayList<>();

        /**
         * Whether setWebhook drops the updates Telegram still holds. Off by default, so that switching
         * from long polling or restarting loses nothing. Applies to the bot of tgfsm.bot only; each bot of
         * tgfsm.bots has its own webhook.drop-pending-updates.
         */
        private boolean dropPendingUpdates;

        /** The largest request body read; a larger one is refused with 400. */
        private DataSize maxBodySize = DEFAULT_MAX_BODY_SIZE;

        /**
         * How long a request waits for its update to be committed before it is answered 503 (Telegram
         * then posts it again; this instance stops its run, or the new request takes it back and waits
         * for it when it reaches this instance). Keep it under Telegram's own
         * timeout of about 60 s.
         */
        private Duration answerTimeout = DEFAULT_ANSWER_TIMEOUT;

        /** @return whether the webhook is enabled */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Enables or disables the webhook. Takes a {@code Boolean} so that an empty value (such as
         * {@code ${WEBHOOK:}} with the variable unset) binds as unset: this group is bound whenever
         * {@code tgfsm.bot} is, also in applications without a web server.
         *
         * @param enabled whether the webhook is enabled; {@code null} for the default (off)
         */
        public void setEnabled(@Nullable Boolean enabled) {
            this.enabled = Boolean.TRUE.equals(enabled);
        }

        /** @return the endpoint's path */
        public String getPath() {
            return path;
        }

        /** @param path the endpoint's path */
        public void setPath(String path) {
            this.path = path;
        }

        /** @return the secret token, or {@code null} */
        public @Nullable String getSecretToken() {
            return secretToken;
        }

        /** @param secretToken the secret token */
        public void setSecretToken(@Nullable String secretToken) {
            this.secretToken = secretToken;
        }

        /** @return the public URL, or {@code null} */
        public @Nullable String getUrl() {
            return url;
        }

        /** @param url the public URL */
        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        /** @return the most connections */
        public int getMaxConnections() {
            return maxConnections;
        }

        /** @param maxConnections the most connections */
        public void setMaxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
        }

        /** @return the allowed update kinds */
        public List<BotApiUpdateType> getAllowedUpdates() {
            return allowedUpdates;
        }

        /** @param allowedUpdates the allowed update kinds */
        public void setAllowedUpdates(List<BotApiUpdateType> allowedUpdates) {
            this.allowedUpdates = allowedUpdates;
        }

        /** @return whether pending updates are dropped */
        public boolean isDropPendingUpdates() {
            return dropPendingUpdates;
        }

        /** @param dropPendingUpdates whether pending updates are dropped */
        public void setDropPendingUpdates(boolean dropPendingUpdates) {
            this.dropPendingUpdates = dropPendingUpdates;
        }

        /** @return the largest body */
        public DataSize getMaxBodySize() {
            return maxBodySize;
        }

        /** @param maxBodySize the largest body */
        public void setMaxBodySize(DataSize maxBodySize) {
            this.maxBodySize = maxBodySize;
        }

        /** @return the answer timeout */
        public Duration getAnswerTimeout() {
            return answerTimeout;
        }

        /** @param answerTimeout the answer timeout */
        public void setAnswerTimeout(Duration answerTimeout) {
            this.answerTimeout = answerTimeout;
        }
    }

    /**
     * Outbound flood control ({@code tgfsm.bot.flood.*}): the limits every Bot API call of tgfsm respects,
     * shared by all instances through the storage. Defaults follow Telegram's published limits.
     */
    public static class Flood {

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
}
