package dev.tgfsm.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the webhook intake ({@code tgfsm.bot.webhook.*}): Telegram posts each update to an
 * endpoint of this Spring MVC application instead of being polled. Needs a servlet web application
 * ({@code spring-boot-starter-webmvc}); when enabled, tgfsm's long polling is off.
 */
@ConfigurationProperties("tgfsm.bot.webhook")
public class WebhookProperties {

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
     * from long polling or restarting loses nothing.
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

    /** @param enabled whether the webhook is enabled */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
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
