package dev.tgfsm.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One Lua script of the Redis backend, read from the class path once: the shared functions of
 * {@code common.lua} followed by the script's own body, and its SHA-1 digest for {@code EVALSHA}.
 */
final class RedisScript {

    static final RedisScript LOAD = read("load");

    static final RedisScript LOCK_AND_LOAD = read("lock_load");

    static final RedisScript RENEW = read("renew");

    static final RedisScript UNLOCK = read("unlock");

    static final RedisScript COMMIT = read("commit");

    static final RedisScript UPDATE = read("update");

    static final RedisScript INCREMENT = read("increment");

    static final RedisScript THROTTLE = read("throttle");

    private final String name;

    private final byte[] body;

    private final String sha;

    private RedisScript(String name, byte[] body) {
        this.name = name;
        this.body = body;
        this.sha = sha1(body);
    }

    static RedisScript read(String name) {
        String common = resource("common");
        String own = resource(name);
        return new RedisScript(name, (common + "\n" + own).getBytes(StandardCharsets.UTF_8));
    }

    private static String resource(String name) {
        String path = name + ".lua";
        try (InputStream in = RedisScript.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Lua script dev/tgfsm/redis/" + path + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read Lua script " + path, ex);
        }
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-1 is not available", ex);
        }
    }

    String name() {
        return name;
    }

    byte[] body() {
        return body;
    }

    String sha() {
        return sha;
    }
}
