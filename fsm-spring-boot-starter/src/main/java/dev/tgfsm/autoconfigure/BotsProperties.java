package dev.tgfsm.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Further bots served by the same application and the same store ({@code tgfsm.bots[*]}), next to the
 * bot of {@code tgfsm.bot}. Each gets its own Bot API client, intake (long polling, or, when
 * {@code tgfsm.bot.webhook.enabled=true}, a webhook at its own path with its own secret token), update
 * dispatcher (sharing the handlers and the storage), idle timeouts and restart notices, all acting only
 * on its own conversations (the bot id is part of every key), and outbound flood buckets of its own
 * (global, per chat, per group, with the limits of {@code tgfsm.bot.flood} unless it has its own
 * {@code flood}); whether its start-up {@code deleteWebhook} or {@code setWebhook} drops the updates
 * Telegram holds is its own too ({@code polling.drop-pending-updates}, {@code webhook.drop-pending-updates},
 * both off unless set for that bot). The other polling settings, the dispatcher, timeout and outbox
 * settings, and the other webhook settings, are shared.
 */
@ConfigurationProperties("tgfsm")
public class BotsProperties {

    /**
     * The further bots, each with a unique name and token, and optionally username, api-url, id,
     * polling.drop-pending-updates, (when tgfsm.bot.webhook.enabled is true) webhook.path,
     * webhook.secret-token, webhook.url and webhook.drop-pending-updates, and flood.*.
     */
    private List<Bot> bots = new ArrayList<>();

    /** @return the further bots */
    public List<Bot> getBots() {
        return bots;
    }

    /** @param bots the further bots */
    public void setBots(List<Bot> bots) {
        this.bots = bots;
    }

    /**
     * One further bot.
     */
    public static class Bot {

        /** The bot's name, unique in the application; handlers see it in BotIdentity. */
        private String name;

        /** The bot's token from BotFather. */
        private String token;

        /** The bot's username without @, so that /command@OtherBot is not taken as its command. */
        private String username;

        /** The base URL of the Bot API server for this bot; unset means api.telegram.org. */
        private String apiUrl;

        /** The bot id in conversation keys; unset means the numeric prefix of the token. */
        private Long id;

        /** The bot's own long-polling settings, used unless tgfsm.bot.webhook.enabled is true. */
        private Polling polling = new Polling();

        /** The bot's own webhook, used when tgfsm.bot.webhook.enabled is true. */
        private Webhook webhook = new Webhook();

        /**
         * The bot's own outbound flood control, in place of tgfsm.bot.flood (settings not given here
         * take the library's defaults, not those of tgfsm.bot.flood); unset, tgfsm.bot.flood applies.
         */
        private BotProperties.@Nullable Flood flood;

        /** @return the name */
        public String getName() {
            return name;
        }

        /** @param name the name */
        public void setName(String name) {
            this.name = name;
        }

        /** @return the token */
        public String getToken() {
            return token;
        }

        /** @param token the token */
        public void setToken(String token) {
            this.token = token;
        }

        /** @return the username */
        public String getUsername() {
            return username;
        }

        /** @param username the username */
        public void setUsername(String username) {
            this.username = username;
        }

        /** @return the Bot API URL */
        public String getApiUrl() {
            return apiUrl;
        }

        /** @param apiUrl the Bot API URL */
        public void setApiUrl(String apiUrl) {
            this.apiUrl = apiUrl;
        }

        /** @return the bot id, or {@code null} */
        public Long getId() {
            return id;
        }

        /** @param id the bot id */
        public void setId(Long id) {
            this.id = id;
        }

        /** @return the bot's long-polling settings */
        public Polling getPolling() {
            return polling;
        }

        /** @param polling the bot's long-polling settings */
        public void setPolling(Polling polling) {
            this.polling = polling;
        }

        /** @return the bot's webhook settings */
        public Webhook getWebhook() {
            return webhook;
        }

        /** @param webhook the bot's webhook settings */
        public void setWebhook(Webhook webhook) {
            this.webhook = webhook;
        }

        /** @return the bot's own flood control, or {@code null} for that of tgfsm.bot.flood */
        public BotProperties.@Nullable Flood getFlood() {
            return flood;
        }

        /** @param flood the bot's own flood control */
        public void setFlood(BotProperties.@Nullable Flood flood) {
            this.flood = flood;
        }
    }

    /**
     * A further bot's own long-polling settings ({@code tgfsm.bots[*].polling}); the others are those of
     * {@code tgfsm.bot.polling}.
     */
    public static class Polling {

        /**
         * Whether the deleteWebhook call this bot's polling makes at start-up drops the updates Telegram
         * still holds for it (drop_pending_updates). Off unless set for this bot: tgfsm.bot.polling's
         * setting does not apply here.
         */
        private boolean dropPendingUpdates;

        /** @return whether the start-up deleteWebhook drops pending updates */
        public boolean isDropPendingUpdates() {
            return dropPendingUpdates;
        }

        /** @param dropPendingUpdates whether the start-up deleteWebhook drops pending updates */
        public void setDropPendingUpdates(boolean dropPendingUpdates) {
            this.dropPendingUpdates = dropPendingUpdates;
        }
    }

    /**
     * A further bot's own webhook ({@code tgfsm.bots[*].webhook}); the other webhook settings are those
     * of {@code tgfsm.bot.webhook}.
     */
    public static class Webhook {

        /** The default path, where {name} stands for the bot's name. */
        public static final String DEFAULT_PATH = "/telegram/webhook/{name}";

        /**
         * The path of the bot's endpoint, unique in the application; unset means
         * /telegram/webhook/{name} with the bot's name.
         */
        private String path;

        /**
         * The secret token Telegram sends in the X-Telegram-Bot-Api-Secret-Token header of this bot's
         * requests; requests to its path without it are refused with 401.
         */
        private String secretToken;

        /**
         * The public HTTPS URL of the bot's endpoint. When set, setWebhook is called for this bot through
         * its own client at start-up (retried until it succeeds, reported by health).
         */
        private String url;

        /**
         * Whether the setWebhook call for this bot drops the updates Telegram still holds for it
         * (drop_pending_updates). Off unless set for this bot: tgfsm.bot.webhook's setting does not apply
         * here.
         */
        private boolean dropPendingUpdates;

        /** @return the path, or {@code null} for the default */
        public String getPath() {
            return path;
        }

        /** @param path the path */
        public void setPath(String path) {
            this.path = path;
        }

        /** @return the secret token, or {@code null} */
        public String getSecretToken() {
            return secretToken;
        }

        /** @param secretToken the secret token */
        public void setSecretToken(String secretToken) {
            this.secretToken = secretToken;
        }

        /** @return the public URL, or {@code null} */
        public String getUrl() {
            return url;
        }

        /** @param url the public URL */
        public void setUrl(String url) {
            this.url = url;
        }

        /** @return whether setWebhook drops pending updates */
        public boolean isDropPendingUpdates() {
            return dropPendingUpdates;
        }

        /** @param dropPendingUpdates whether setWebhook drops pending updates */
        public void setDropPendingUpdates(boolean dropPendingUpdates) {
            this.dropPendingUpdates = dropPendingUpdates;
        }
    }
}
