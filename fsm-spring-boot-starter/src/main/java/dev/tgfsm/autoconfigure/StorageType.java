package dev.tgfsm.autoconfigure;

/**
 * The storage backend tgfsm keeps conversations in ({@code tgfsm.storage.type}). Written in any case
 * in configuration ({@code redis}, {@code REDIS}); a value that is none of these stops start-up with a
 * message that lists them.
 */
public enum StorageType {

    /** In the JVM: state dies with the process and is not shared between instances. */
    MEMORY,

    /** In Redis, through the application's {@code RedisConnectionFactory} (needs Spring Data Redis). */
    REDIS,

    /** In a SQL database, through the application's {@code DataSource} (needs Spring JDBC and a driver). */
    JDBC
}
