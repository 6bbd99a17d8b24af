package dev.tgfsm.redis;

import dev.tgfsm.Internal;
import dev.tgfsm.key.KeyRenderer;

/**
 * The Lua scripts of {@link RedisFsmStorage} (the same bytes, the same SHA-1), so that the raw
 * Lettuce baselines of the project's benchmarks call exactly the scripts the backend calls.
 *
 * <p><b>Internal:</b> not an API for applications; it exists for the {@code benchmarks} module and
 * may change or disappear in any release.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public enum RedisBaselineScripts {

    /** Loads records. */
    LOAD(RedisScript.LOAD),

    /** Takes the lock and loads records. */
    LOCK_AND_LOAD(RedisScript.LOCK_AND_LOAD),

    /** Writes records version-checked and releases the lock. */
    COMMIT(RedisScript.COMMIT),

    /** One single-record change of the convenience methods. */
    UPDATE(RedisScript.UPDATE),

    /** Adds to a counter. */
    INCREMENT(RedisScript.INCREMENT);

    private final RedisScript script;

    RedisBaselineScripts(RedisScript script) {
        this.script = script;
    }

    /**
     * Returns the SHA-1 for {@code EVALSHA}.
     *
     * @return the digest, hex
     */
    public String sha() {
        return script.sha();
    }

    /**
     * Returns the script's text.
     *
     * @return the body
     */
    public byte[] body() {
        return script.body();
    }

    /**
     * Returns the suffix of the lock key after {@link KeyRenderer#conversation}.
     *
     * @return the suffix
     */
    public static String lockSuffix() {
        return RedisFsmStorage.LOCK_SUFFIX;
    }

    /**
     * Returns the infix of counter keys after the prefix.
     *
     * @return the infix
     */
    public static String counterInfix() {
        return RedisFsmStorage.COUNTER_INFIX;
    }
}
