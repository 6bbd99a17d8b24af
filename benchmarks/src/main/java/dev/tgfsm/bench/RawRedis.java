package dev.tgfsm.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.redis.RedisBaselineScripts;

/**
 * The raw Lettuce baselines: the Redis backend's own scripts called with hand-built arguments and
 * hand-parsed replies (no records, no codec beyond one Jackson call per value), and an
 * aiogram-style update made of plain commands.
 */
final class RawRedis {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final byte[] ZERO = bytes("0");

    private static final byte[] EMPTY = new byte[0];

    private static final byte[] ONE = bytes("1");

    private static final byte[] MAX_BYTES = bytes(String.valueOf(256 * 1024));

    private static final String UNLOCK_LUA = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('DEL', KEYS[1]) else return 0 end";

    private final RedisCommands<byte[], byte[]> redis;

    private final KeyRenderer renderer;

    private final String unlockSha;

    private final Object[] guards = new Object[1024];

    RawRedis(RedisCommands<byte[], byte[]> redis, KeyRenderer renderer) {
        this.redis = redis;
        this.renderer = renderer;
        this.unlockSha = redis.scriptLoad(bytes(UNLOCK_LUA));
        for (int i = 0; i < guards.length; i++) {
            guards[i] = new Object();
        }
    }

    /**
     * The in-process guard of a conversation: like the library, the baselines queue updates of one
     * conversation inside the JVM instead of polling a busy Redis lock.
     */
    Object guard(StorageKey key) {
        return guards[(key.hashCode() & 0x7fffffff) % guards.length];
    }

    /**
     * The typical update as two scripts: lock_load.lua, then commit.lua with the changed data entry
     * and the new state only, version-checked, releasing the lock.
     */
    Object typicalTwoScripts(StorageKey key, int step, String state) {
        byte[] lock = bytes(renderer.conversation(key) + RedisBaselineScripts.lockSuffix());
        byte[] record = bytes(renderer.render(key));
        long now = System.currentTimeMillis();
        String token = UUID.randomUUID().toString();
        List<Object> reply = redis.evalsha(RedisBaselineScripts.LOCK_AND_LOAD.sha(), ScriptOutputType.MULTI,
                new byte[][]{lock, record}, bytes(String.valueOf(now)), bytes(token), bytes("30000"));
        if ((Long) reply.get(0) != 1) {
            throw new IllegalStateException("lock busy");
        }
        List<?> hash = (List<?>) reply.get(1);
        long version = 0;
        String created = "";
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < hash.size(); i += 2) {
            String field = text(hash.get(i));
            byte[] value = (byte[]) hash.get(i + 1);
            if (field.equals("v")) {
                version = Long.parseLong(text(value));
            }
            else if (field.equals("c")) {
                created = text(value);
            }
            else if (field.startsWith("d:")) {
                data.put(field.substring(2), read(value));
            }
        }
        // the changes only, as the library sends them: the new state and the changed entry
        List<byte[]> args = new ArrayList<>(13);
        args.add(bytes(String.valueOf(now)));
        args.add(bytes(token));
        args.add(bytes(String.valueOf(version)));
        args.add(bytes(version == 0 ? "p" : "c"));
        args.add(ZERO);
        args.add(EMPTY);
        args.add(bytes(created));
        args.add(bytes("2"));
        args.add(ZERO);
        args.add(bytes("s"));
        args.add(bytes(state));
        args.add(bytes("d:step"));
        args.add(write(step));
        List<Object> done = redis.evalsha(RedisBaselineScripts.COMMIT.sha(), ScriptOutputType.MULTI,
                new byte[][]{lock, record}, args.toArray(new byte[0][]));
        if ((Long) done.get(0) != 1) {
            throw new IllegalStateException("conflict " + done);
        }
        return data;
    }

    /**
     * The aiogram-style update: SET NX lock, GET state (routing), GET data (handler), GET data and
     * SET data (update_data), SET state, EVALSHA unlock: seven round trips.
     */
    Object typicalAiogram(StorageKey key, int step, String state) {
        String base = renderer.prefix() + "aio:" + renderer.canonical(key);
        byte[] lock = bytes(base + ":lock");
        byte[] stateKey = bytes(base + ":state");
        byte[] dataKey = bytes(base + ":data");
        byte[] token = bytes(UUID.randomUUID().toString());
        if (redis.set(lock, token, SetArgs.Builder.nx().px(30_000)) == null) {
            throw new IllegalStateException("lock busy");
        }
        redis.get(stateKey);
        Map<String, Object> data = readMap(redis.get(dataKey));
        Map<String, Object> merged = new LinkedHashMap<>(readMap(redis.get(dataKey)));
        merged.put("step", step);
        redis.set(dataKey, write(merged));
        redis.set(stateKey, bytes(state));
        redis.evalsha(unlockSha, ScriptOutputType.INTEGER, new byte[][]{lock}, token);
        return data;
    }

    /** Seeds the aiogram-style keys of a conversation. */
    void seedAiogram(StorageKey key, Map<String, Object> data) {
        String base = renderer.prefix() + "aio:" + renderer.canonical(key);
        redis.set(bytes(base + ":data"), write(data));
    }

    /** load.lua on one key, reading the state. */
    String getState(StorageKey key) {
        List<Object> reply = redis.evalsha(RedisBaselineScripts.LOAD.sha(), ScriptOutputType.MULTI,
                new byte[][]{bytes(renderer.render(key))}, bytes(String.valueOf(System.currentTimeMillis())));
        List<?> hash = (List<?>) reply.get(0);
        for (int i = 0; i < hash.size(); i += 2) {
            if ("s".equals(text(hash.get(i)))) {
                return text(hash.get(i + 1));
            }
        }
        return null;
    }

    /** update.lua in mode {@code state}. */
    Object setState(StorageKey key, String state) {
        return update(key, "state", state, null, null, 0);
    }

    /** update.lua in mode {@code merge} with one entry. */
    Object updateData(StorageKey key, int step) {
        return update(key, "merge", null, null, "step", step);
    }

    /** update.lua in mode {@code cas}. */
    boolean compareAndSet(StorageKey key, String expected, String state) {
        List<?> reply = update(key, "cas", state, expected, null, 0);
        return (Long) reply.get(0) == 1;
    }

    /** increment.lua without a TTL. */
    long increment(String counter) {
        return redis.evalsha(RedisBaselineScripts.INCREMENT.sha(), ScriptOutputType.INTEGER,
                new byte[][]{bytes(renderer.prefix() + RedisBaselineScripts.counterInfix() + counter)},
                bytes(String.valueOf(System.currentTimeMillis())), ONE, ZERO, EMPTY);
    }

    private List<?> update(StorageKey key, String mode, String state, String expected, String name, int value) {
        byte[][] args = new byte[name == null ? 10 : 12][];
        args[0] = bytes(String.valueOf(System.currentTimeMillis()));
        args[1] = bytes(mode);
        args[2] = ZERO;
        args[3] = EMPTY;
        args[4] = MAX_BYTES;
        args[5] = state == null ? ZERO : ONE;
        args[6] = state == null ? EMPTY : bytes(state);
        args[7] = expected == null ? ZERO : ONE;
        args[8] = expected == null ? EMPTY : bytes(expected);
        args[9] = name == null ? ZERO : ONE;
        if (name != null) {
            args[10] = bytes("d:" + name);
            args[11] = write(value);
        }
        return redis.evalsha(RedisBaselineScripts.UPDATE.sha(), ScriptOutputType.MULTI,
                new byte[][]{bytes(renderer.render(key))}, args);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Object reply) {
        return new String((byte[]) reply, StandardCharsets.UTF_8);
    }

    private static Object read(byte[] json) {
        try {
            return JSON.readValue(json, Object.class);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readMap(byte[] json) {
        return json == null ? Map.of() : (Map<String, Object>) read(json);
    }

    private static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        }
        catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
