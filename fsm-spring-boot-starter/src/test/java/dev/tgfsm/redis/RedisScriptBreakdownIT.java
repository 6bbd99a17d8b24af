package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where the Redis server's time of a typical update goes: the shipped {@code lock_load} and
 * {@code commit} scripts next to stripped variants of them (the same keys and arguments, parts
 * taken away), the same scripts as Redis Functions ({@code FCALL}), and the plain {@code HGETALL}
 * and {@code HSET} of the record, on a private redis-server and the record of
 * {@link RedisScriptCostIT}. Blocks of the variants alternate (a loaded machine weighs on all of
 * them alike); each variant's {@code usec} per call ({@code INFO commandstats}) is the median of its
 * blocks. Prints the table; asserts only that every variant ran and answered as expected. The suite runs 1,000
 * calls of each variant; {@code -Dtgfsm.scriptCost.rounds=4000} gives steadier figures.
 *
 * <p>{@code -Dtgfsm.scriptCost.variants=<folder>} adds the scripts of a folder to the comparison
 * (see {@link #extraVariants}), for example the scripts of an older version.
 */
class RedisScriptBreakdownIT {

    private static final int ROUNDS = Integer.getInteger("tgfsm.scriptCost.rounds", 1000);

    private static final int BLOCKS = 20;

    private static final String MAIN = "bd:{1:7}";

    private static final String HISTORY = "bd:{1:7}:h";

    private static final String LOCK = "bd:{1:7}#lock";

    private static final String TOKEN = "tok-1";

    private static final String META = "{\"updates\":[851230000,851230001,851230002,851230003,851230004,851230005,"
            + "851230006,851230007,851230008,851230009,851230010,851230011,851230012,851230013,851230014,851230015],"
            + "\"messages\":42,\"garbage\":[{\"chat\":4242,\"id\":1001},{\"chat\":4242,\"id\":1003},"
            + "{\"chat\":4242,\"id\":1007}],\"timeout\":{\"at\":1790000000000,\"state\":\"Order:ADDRESS\"}}";

    private static RedisProcess redis;

    private static RedisClient client;

    private static StatefulRedisConnection<String, String> connection;

    private static RedisCommands<String, String> sync;

    /** The stored version of the main record, advanced by every committing variant. */
    private long version = 1;

    @BeforeAll
    static void startServer() {
        redis = RedisProcess.start();
        client = RedisClient.create("redis://127.0.0.1:" + redis.port());
        connection = client.connect();
        sync = connection.sync();
    }

    @AfterAll
    static void stopServer() {
        try {
            if (connection != null) {
                connection.close();
            }
            if (client != null) {
                client.shutdown();
            }
        }
        finally {
            redis.close();
        }
    }

    @Test
    void costOfEachPartPrinted() {
        seed();
        String common = resource("common");
        String lockLoad = resource("lock_load");
        String commit = resource("commit");
        sync.functionLoad("#!lua name=tgfsm_breakdown\n" + common + "\nredis.register_function('bd_lock_load', "
                + "function(KEYS, ARGV)\n" + lockLoad + "\nend)\nredis.register_function('bd_commit', "
                + "function(KEYS, ARGV)\n" + commit + "\nend)\n", true);

        load(new String(RedisScript.LOCK_AND_LOAD.body(), StandardCharsets.UTF_8));
        load(new String(RedisScript.COMMIT.body(), StandardCharsets.UTF_8));
        String returnOne = load("return {1}");
        String minimalCommit = load(
                """
                        local r = redis.call('HMGET', KEYS[2], 'v', 'c', 'x')
                        if tonumber(r[1]) ~= tonumber(ARGV[3]) then
                          return {-1, 1, r[1]}
                        end
                        redis.call('HSET', KEYS[2], 'v', tonumber(ARGV[3]) + 1, 'u', ARGV[1], 'x', ARGV[6], unpack(ARGV, 10, 15))
                        redis.call('PEXPIRE', KEYS[2], ARGV[5])
                        local cur = redis.call('GET', KEYS[1])
                        if cur and string.sub(cur, -#ARGV[2] - 1) == ':' .. ARGV[2] then
                          redis.call('DEL', KEYS[1])
                        end
                        return {1}
                        """);
        Map<String, IntFunction<Object>> variants = new LinkedHashMap<>();
        String[] lockKeys = {LOCK, MAIN, HISTORY};
        String[] lockArgs = {"1790000000000", TOKEN, "5000"};
        variants.put("lock_load as shipped (EVALSHA)", script(RedisScript.LOCK_AND_LOAD.sha(), lockKeys, lockArgs));
        variants.put("lock_load as a Function (FCALL)",
                i -> sync.fcall("bd_lock_load", ScriptOutputType.MULTI, lockKeys, lockArgs));
        variants.put("  EVALSHA 'return {1}', no keys", script(returnOne, new String[0]));
        variants.put("  'return {1}', lock_load's keys+args", script(returnOne, lockKeys, lockArgs));
        variants.put("  common.lua + 'return {1}'", script(load(common + "\nreturn {1}"), lockKeys, lockArgs));
        variants.put("  lock only (TIME, GET, SET)", script(load(common + """
                local clock = server_ms()
                local exp, tok = holder(KEYS[1])
                redis.call('SET', KEYS[1], string.format('%.0f', clock + tonumber(ARGV[3])) .. ':' .. ARGV[2], 'PX',
                  ARGV[3])
                return {1}
                """), lockKeys, lockArgs));
        variants.put("  lock only, no TIME", script(load(common + """
                local exp, tok = holder(KEYS[1])
                redis.call('SET', KEYS[1], '1790000005000:' .. ARGV[2], 'PX', ARGV[3])
                return {1}
                """), lockKeys, lockArgs));
        variants.put("  2 HGETALL in Lua, not returned", script(load("""
                redis.call('HGETALL', KEYS[2])
                redis.call('HGETALL', KEYS[3])
                return {1}
                """), lockKeys, lockArgs));
        variants.put("  2 HGETALL in Lua, returned", script(load("""
                return {1, redis.call('HGETALL', KEYS[2]), redis.call('HGETALL', KEYS[3])}
                """), lockKeys, lockArgs));
        variants.put("commit as shipped (EVALSHA)", i -> commit(RedisScript.COMMIT.sha(), null));
        variants.put("commit as a Function (FCALL)", i -> commit(null, "bd_commit"));
        variants.put("  'return {1}', commit's keys+args", i -> commit(returnOne, null, false));
        variants.put("  HMGET, HSET, PEXPIRE, GET+DEL (Lua)", i -> commit(minimalCommit, null));
        String extra = System.getProperty("tgfsm.scriptCost.variants");
        if (extra != null) {
            variants.putAll(extraVariants(Path.of(extra), lockKeys, lockArgs));
        }
        variants.put("HGETALL (plain command)", i -> sync.hgetall(MAIN));
        Map<String, String> whole = sync.hgetall(MAIN);
        variants.put("HSET of all fields (plain command)", i -> sync.hset(MAIN, whole));

        Map<String, double[]> usec = new LinkedHashMap<>();
        variants.keySet().forEach(name -> usec.put(name, new double[BLOCKS]));
        int perBlock = ROUNDS / BLOCKS;
        List<Map.Entry<String, IntFunction<Object>>> order = new ArrayList<>(variants.entrySet());
        for (int b = -1; b < BLOCKS; b++) {
            // each block starts with another variant, so that none always follows the same one
            Collections.rotate(order, 1);
            for (Map.Entry<String, IntFunction<Object>> variant : order) {
                if (variant.getKey().startsWith("HSET")) {
                    whole.put("v", String.valueOf(version));
                }
                Map<String, long[]> before = stats();
                for (int i = 0; i < perBlock; i++) {
                    Object reply = variant.getValue().apply(i);
                    assertThat(reply).as(variant.getKey()).isNotNull();
                }
                Map<String, long[]> after = stats();
                String command = variant.getKey().startsWith("HGETALL") ? "hgetall"
                        : variant.getKey().startsWith("HSET") ? "hset"
                        : variant.getKey().contains("FCALL") ? "fcall" : "evalsha";
                long[] from = before.getOrDefault(command, new long[2]);
                long[] to = after.get(command);
                assertThat(to[0] - from[0]).as(variant.getKey() + ": calls").isEqualTo(perBlock);
                if (b >= 0) {
                    usec.get(variant.getKey())[b] = (double) (to[1] - from[1]) / perBlock;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nWhere the time of a typical update goes (%d calls each; usec per call,"
                + " INFO commandstats: median of %d blocks (fastest-slowest block)):%n", perBlock * BLOCKS, BLOCKS);
        usec.forEach((name, blocks) -> System.out.printf(Locale.ROOT, "  %-42s %6.2f (%.2f-%.2f)%n", name,
                median(blocks), Arrays.stream(blocks).min().orElse(0), Arrays.stream(blocks).max().orElse(0)));
    }

    /**
     * Scripts to compare, one per {@code .lua} file of the folder (whole texts, nothing prepended):
     * a name starting with {@code commit} gets the commit's keys and arguments and must write the
     * record at the expected version like {@code commit.lua}; any other gets {@code lock_load}'s.
     */
    private Map<String, IntFunction<Object>> extraVariants(Path folder, String[] lockKeys, String[] lockArgs) {
        Map<String, IntFunction<Object>> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".lua")).toList()) {
                String sha = load(Files.readString(file));
                String name = file.getFileName().toString();
                out.put("  + " + name,
                        name.startsWith("commit") ? i -> commit(sha, null) : script(sha, lockKeys, lockArgs));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out;
    }

    /** The conversation of {@link RedisScriptCostIT} as the sample bot leaves it mid-flow, and its history. */
    private void seed() {
        Map<String, String> main = new LinkedHashMap<>();
        main.put("v", "1");
        main.put("s", "Order:ADDRESS");
        main.put("c", "1790000000000");
        main.put("u", "1790000000000");
        main.put("x", "1890000000000");
        main.put("m", META);
        main.put("d:name", "\"Ann Smith\"");
        main.put("d:age", "31");
        main.put("d:city", "\"Berlin\"");
        main.put("d:step", "0");
        main.put("d:phone", "\"+49 30 1234567\"");
        main.put("d:lang", "\"en\"");
        main.put("d:agreed", "true");
        main.put("d:address", "{\"street\":\"Unter den Linden 1\",\"zip\":\"10117\",\"country\":\"DE\"}");
        main.put("d:cart", "[{\"sku\":\"A-100\",\"qty\":2,\"price\":9.99},{\"sku\":\"B-200\",\"qty\":1,\"price\":24.5},"
                + "{\"sku\":\"C-300\",\"qty\":3,\"price\":1.25}]");
        main.put("d:notes", "\"Please ring twice; the bell on the left does not work. Leave at the door if out.\"");
        sync.hset(MAIN, main);
        sync.pexpire(MAIN, 100_000_000_000L);
        sync.hset(HISTORY, Map.of("v", "1", "c", "1790000000000", "u", "1790000000000", "x", "1890000000000",
                "d:stack", "[\"Order:START\",\"Order:NAME\",\"Order:AGE\",\"Order:CITY\"]"));
        sync.pexpire(HISTORY, 100_000_000_000L);
    }

    private static IntFunction<Object> script(String sha, String[] keys, String... args) {
        return i -> sync.evalsha(sha, ScriptOutputType.MULTI, keys, args);
    }

    private Object commit(String sha, String function) {
        return commit(sha, function, true);
    }

    /**
     * The commit of a typical update (new state, one data entry, new metadata, the lock released)
     * by the script or the function, expecting the stored version; checks that it was written.
     */
    private Object commit(String sha, String function, boolean writes) {
        sync.set(LOCK, "1790000005000:" + TOKEN);
        String[] keys = {LOCK, MAIN, HISTORY};
        String[] args = {"1790000000000", TOKEN, String.valueOf(version), "c", "86400000", "1890000000000",
                "1790000000000", "3", "0", "s", version % 2 == 0 ? "Order:PHONE" : "Order:ADDRESS", "d:step",
                String.valueOf(version), "m", META.replace("\"messages\":42", "\"messages\":" + version)};
        List<Object> reply = function == null ? sync.evalsha(sha, ScriptOutputType.MULTI, keys, args)
                : sync.fcall(function, ScriptOutputType.MULTI, keys, args);
        if (writes) {
            assertThat(reply).as("committed at version " + version).containsExactly(1L);
            version++;
        }
        return reply;
    }

    private static String load(String lua) {
        return sync.scriptLoad(lua);
    }

    /** Calls and usec per command so far. */
    private static Map<String, long[]> stats() {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String line : sync.info("commandstats").split("\\R")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring(8, line.indexOf(':'));
                long calls = 0;
                long usec = 0;
                for (String part : line.substring(line.indexOf(':') + 1).split(",")) {
                    if (part.startsWith("calls=")) {
                        calls = Long.parseLong(part.substring(6));
                    }
                    else if (part.startsWith("usec=")) {
                        usec = Long.parseLong(part.substring(5));
                    }
                }
                out.put(name, new long[]{calls, usec});
            }
        }
        return out;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static String resource(String name) {
        try (InputStream in = RedisScriptBreakdownIT.class.getResourceAsStream(name + ".lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
