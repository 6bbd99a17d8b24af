package dev.tgfsm.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tgfsm.key.KeyRenderer;

/**
 * The Redis backend ({@code tgfsm.redis.*}): the key prefix and which Lettuce client tgfsm uses.
 */
@ConfigurationProperties("tgfsm.redis")
public class RedisStorageProperties {

    /** The default prefix of Redis keys. */
    public static final String DEFAULT_PREFIX = KeyRenderer.DEFAULT_PREFIX;

    /**
     * Prefix of every Redis key tgfsm writes; use one per bot or environment sharing a server.
     * Must not contain braces, glob characters or white space.
     */
    private String prefix = DEFAULT_PREFIX;

    /**
     * Which Lettuce client tgfsm uses: 'dedicated' builds tgfsm's own factory to the same Redis
     * as the application's, tuned to fail fast and reconnect quickly, leaving the application's
     * client untouched; 'shared' uses the application's connection factory as it is.
     */
    private RedisClientMode client = RedisClientMode.DEDICATED;

    /**
     * Returns the key prefix.
     *
     * @return the prefix
     */
    public String getPrefix() {
        return prefix;
    }

    /**
     * Sets the key prefix.
     *
     * @param prefix the prefix
     */
    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    /**
     * Returns which Lettuce client tgfsm uses.
     *
     * @return the client mode
     */
    public RedisClientMode getClient() {
        return client;
    }

    /**
     * Sets which Lettuce client tgfsm uses.
     *
     * @param client the client mode
     */
    public void setClient(RedisClientMode client) {
        this.client = client;
    }
}
