package dev.tgfsm.autoconfigure;

/**
 * Which Lettuce client the Redis backend uses ({@code tgfsm.redis.client}).
 */
public enum RedisClientMode {

    /**
     * tgfsm's own connection factory to the same Redis as the application's, tuned to reject
     * commands while disconnected, time out every command and reconnect quickly; the application's
     * client keeps its own settings. Needs the application's factory to be Lettuce; with another
     * driver tgfsm falls back to {@link #SHARED}.
     */
    DEDICATED,

    /** The application's connection factory, used as it is. */
    SHARED
}
