package dev.tgfsm.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Lua script of the Redis backend, read from the class path once: the shared functions of
 * {@code common.lua} that it calls (directly or through each other) followed by the script's own
 * body, and its SHA-1 digest for {@code EVALSHA}. Redis runs the whole text on every call, so each
 * function defined but not used would cost every call (the twelve of {@code common.lua} cost about
 * 0.5 µs per call: {@code RedisScriptBreakdownIT}).
 */
final class RedisScript {

    /** A function of {@code common.lua}: from {@code local function name(} to its {@code end} at the line start. */
    private static final Pattern FUNCTION = Pattern.compile("(?ms)^local function (\\w+)\\(.*?^end$");

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
        String own = resource(name);
        return new RedisScript(name, (shared(own) + own).getBytes(StandardCharsets.UTF_8));
    }

    /** The functions of {@code common.lua} that the body calls, directly or through each other, in their order. */
    private static String shared(String body) {
        Map<String, String> functions = new LinkedHashMap<>();
        Matcher m = FUNCTION.matcher(resource("common"));
        while (m.find()) {
            functions.put(m.group(1), m.group() + "\n\n");
        }
        Set<String> used = new HashSet<>();
        List<String> pending = new ArrayList<>(List.of(body));
        while (!pending.isEmpty()) {
            String text = pending.remove(pending.size() - 1);
            functions.forEach((function, definition) -> {
                if (!used.contains(function) && Pattern.compile("\\b" + function + "\\(").matcher(text).find()) {
                    used.add(function);
                    pending.add(definition);
                }
            });
        }
        StringBuilder out = new StringBuilder();
        functions.forEach((function, definition) -> {
            if (used.contains(function)) {
                out.append(definition);
            }
        });
        return out.toString();
    }

    private static String resource(String name) {
        String path = name + ".lua";
        try (InputStream in = RedisScript.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(
                        "Lua script dev/tgfsm/redis/" + path + " is missing from the class path");
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
