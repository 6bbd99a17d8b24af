package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.EngineContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.ThrottleRequest;

/**
 * Measures what the scripts of a typical update cost the Redis server ({@code INFO commandstats}
 * {@code usec} per call), on a private redis-server, and prints it: a unit of work with the lock
 * that loads a realistic conversation (about ten data entries, metadata with recent update ids,
 * a message count and tracked messages) together with its history, then commits a new state, one
 * changed data entry and changed metadata while releasing the lock. The same record read with a
 * plain {@code HGETALL} and written back with one {@code HSET} of all its fields is the baseline.
 *
 * <p>Each script is attributed exactly by the server's slow log, with a threshold of 0 so that it
 * keeps every call and its duration (the same measure as {@code INFO commandstats}); plain commands
 * by {@code INFO commandstats} deltas. Blocks of each kind alternate, and the median block is
 * reported. Nothing here asserts a time; the assertions count commands. The suite runs 1,000 calls
 * of each kind; {@code -Dtgfsm.scriptCost.rounds=4000} gives the steadier figures quoted in the benchmarks.
 */
class RedisScriptCostIT {

    private static final int WARM_UP = 300;

    private static final int ROUNDS = Integer.getInteger("tgfsm.scriptCost.rounds", 1000);

    private static final int BLOCKS = 20;

    private static PrivateRedis server;

    private static RedisProcess redis;

    private static LettuceConnectionFactory factory;

    private static RedisFsmStorage storage;

    private static FsmContexts contexts;

    private static LeaseKeeper leases;

    private static RedisConnection stats;

    private final KeyRenderer renderer = new KeyRenderer("cost:");

    @BeforeAll
    static void startServer() {
        server = PrivateRedis.start(Duration.ofSeconds(5));
        redis = server.redis();
        factory = server.factory();
        storage = new RedisFsmStorage(factory, new KeyRenderer("cost:"), StorageConfig.ofDefaults());
        leases = new LeaseKeeper();
        ContextConfig options = new ContextConfig(Duration.ofDays(1), Duration.ofSeconds(30), Duration.ofSeconds(5),
                List.of(StorageKey.DEFAULT_DESTINY, HistoryManager.DEFAULT_DESTINY));
        contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), options, leases);
        stats = factory.getConnection();
        redis.cli("CONFIG", "SET", "slowlog-log-slower-than", "0");
        redis.cli("CONFIG", "SET", "slowlog-max-len", "10000");
    }

    @AfterAll
    static void stopServer() {
        try {
            if (stats != null) {
                stats.close();
            }
            if (leases != null) {
                leases.close();
            }
        }
        finally {
            server.close();
        }
    }

    @Test
    void typicalUpdateCostsPrintedPerScriptAgainstPlainHashCommands() throws Exception {
        StorageKey key = StorageKey.of(1, 4242, 4242);
        seed(key);
        for (int i = 0; i < WARM_UP; i++) {
            typicalUpdate(key, i);
        }
        Map<String, Object> hash = rawHash(key);
        byte[] rendered = bytes(renderer.render(key));
        List<byte[]> hsetArgs = new ArrayList<>();
        hsetArgs.add(rendered);
        hash.forEach((f, v) -> {
            hsetArgs.add(bytes(f));
            hsetArgs.add(bytes((String) v));
        });
        byte[][] hset = hsetArgs.toArray(new byte[0][]);

        // blocks of each kind alternate, so that a busy machine weighs on all of them alike; the
        // median block is reported
        int perBlock = ROUNDS / BLOCKS;
        double[] lockLoad = new double[BLOCKS];
        double[] commit = new double[BLOCKS];
        double[] hgetall = new double[BLOCKS];
        double[] hsetAll = new double[BLOCKS];
        double[] merge = new double[BLOCKS];
        Map<String, Long> inside = new HashMap<>();
        Map<String, List<Long>> perCall = new HashMap<>();
        int n = WARM_UP;
        for (int b = 0; b < BLOCKS; b++) {
            Map<String, Long> blockStart = calls();
            slowLog().slowlogReset().get(10, TimeUnit.SECONDS);
            for (int i = 0; i < perBlock; i++) {
                try (FsmTransaction tx = FsmTransactions.begin(contexts, key)) {
                    change(tx, n++);
                    tx.commit();
                }
            }
            Map<String, Long> scriptUsec = scriptUsec(perCall);
            CommandStats.delta(blockStart, calls()).forEach((name, calls) -> inside.merge(name, calls, Long::sum));
            long lockLoadUsec = scriptUsec.getOrDefault(RedisScript.LOCK_AND_LOAD.sha(), 0L);
            long commitUsec = scriptUsec.getOrDefault(RedisScript.COMMIT.sha(), 0L);
            lockLoad[b] = (double) lockLoadUsec / perBlock;
            commit[b] = (double) commitUsec / perBlock;

            slowLog().slowlogReset().get(10, TimeUnit.SECONDS);
            long hgetall0 = usec("hgetall");
            long hset0 = usec("hset");
            for (int i = 0; i < perBlock; i++) {
                stats.hashCommands().hGetAll(rendered);
                stats.execute("HSET", hset);
            }
            hgetall[b] = (double) (usec("hgetall") - hgetall0) / perBlock;
            hsetAll[b] = (double) (usec("hset") - hset0) / perBlock;
            scriptUsec(perCall);

            slowLog().slowlogReset().get(10, TimeUnit.SECONDS);
            long merge0 = usec("evalsha");
            for (int i = 0; i < perBlock; i++) {
                storage.updateData(key, Map.of("step", n++));
            }
            merge[b] = (double) (usec("evalsha") - merge0) / perBlock;
            scriptUsec(perCall);
        }
        int rounds = perBlock * BLOCKS;
        double plain = median(hgetall) + median(hsetAll);
        double update = median(lockLoad) + median(commit);
        System.out.printf(Locale.ROOT, "%nScript cost on a private Redis (%s), %d typical updates of a record of"
                + " %d hash fields, median of %d blocks (min-max):%n",
                redis.cli("INFO", "server").lines()
                        .filter(l -> l.startsWith("redis_version")).findFirst().orElse("?").trim(),
                rounds,
                hash.size(), BLOCKS);
        print("lock_load (main + history)", lockLoad);
        print("commit (releasing)", commit);
        System.out.printf(Locale.ROOT, "  %-30s %7.2f usec%n", "typical update (sum)", update);
        print("HGETALL", hgetall);
        print("HSET (all " + hash.size() + " fields)", hsetAll);
        System.out.printf(Locale.ROOT, "  %-30s %7.2f usec%n", "HGETALL + HSET", plain);
        System.out.printf(Locale.ROOT, "  typical update / (HGETALL + HSET) = %.2f%n", update / plain);
        print("update (merge of one entry)", merge);
        System.out.printf(Locale.ROOT, "  commands inside the scripts per typical update: %s%n",
                perRound(inside, rounds));
        // per call from the slow log: the slowest 10 % (a busy machine preempting the server) dropped
        double lockLoadCall = trimmedMean(perCall.get(RedisScript.LOCK_AND_LOAD.sha()));
        double commitCall = trimmedMean(perCall.get(RedisScript.COMMIT.sha()));
        double plainCall = trimmedMean(perCall.get("hgetall")) + trimmedMean(perCall.get("hset"));
        System.out.printf(Locale.ROOT, "Per call, mean of the fastest 90 %% of %d calls each (p50 in brackets):%n",
                perCall.get(RedisScript.COMMIT.sha()).size());
        for (String[] row : new String[][]{{"lock_load (main + history)", RedisScript.LOCK_AND_LOAD.sha()},
                {"commit (releasing)", RedisScript.COMMIT.sha()}, {"HGETALL", "hgetall"},
                {"HSET (all " + hash.size() + " fields)", "hset"},
                {"update (merge of one entry)", RedisScript.UPDATE.sha()}}) {
            System.out.printf(Locale.ROOT, "  %-30s %7.2f usec/call (%d)%n", row[0], trimmedMean(perCall.get(row[1])),
                    percentile(perCall.get(row[1]), 50));
        }
        System.out.printf(Locale.ROOT, "  typical update / (HGETALL + HSET) = %.2f / %.2f = %.2f%n",
                lockLoadCall + commitCall, plainCall, (lockLoadCall + commitCall) / plainCall);

        assertThat(inside.get("evalsha")).isEqualTo(2L * rounds);
        assertThat(inside.get("hgetall")).as("only lock_load reads whole hashes (main and history)")
                .isEqualTo(2L * rounds);
        // one lifetime per conversation (ConversationLifetime): the updates follow each other within a
        // step of the day's TTL, so no commit touches the lifetime set or the history
        assertThat(inside.get("hset")).as("the commit writes its changes with one HSET and nothing else")
                .isEqualTo((long) rounds);
        assertThat(inside.get("pexpire")).as("only the record written gets its TTL again").isEqualTo((long) rounds);
        assertThat(inside).as("within a step the lifetime set and the history are not touched")
                .doesNotContainKeys("sadd", "smembers", "hget");
    }

    /**
     * The rate limit's check before and after it rides in {@code lock_load}: blocks of the typical
     * update with the check in its own {@code throttle} script before {@code lock_load} alternate
     * with blocks where it rides in {@code lock_load}; per call from the slow log.
     */
    @Test
    void rateLimitCheckRidingInLockLoadAgainstItsOwnScript() throws Exception {
        StorageKey key = StorageKey.of(1, 4343, 4343);
        StorageKey bucket = new StorageKey(1, 4343, 4343, null, null, "rl:cost");
        seed(key);
        Map<String, List<Long>> apart = new HashMap<>();
        Map<String, List<Long>> riding = new HashMap<>();
        int perBlock = ROUNDS / BLOCKS;
        int n = 0;
        for (int b = -1; b < BLOCKS; b++) {
            int rounds = b < 0 ? WARM_UP : perBlock;
            slowLog().slowlogReset().get(10, TimeUnit.SECONDS);
            for (int i = 0; i < rounds; i++) {
                ThrottleRequest check = check(bucket);
                storage.throttle(bucket, check.now(), check.increment(), check.capacity());
                typicalUpdate(key, n++);
            }
            scriptUsec(b < 0 ? new HashMap<>() : apart);
            slowLog().slowlogReset().get(10, TimeUnit.SECONDS);
            for (int i = 0; i < rounds; i++) {
                try (FsmTransaction tx = FsmTransactions.begin(contexts, key, check(bucket), result -> {})) {
                    change(tx, n++);
                    tx.commit();
                }
            }
            scriptUsec(b < 0 ? new HashMap<>() : riding);
        }
        double before = trimmedMean(apart.get(RedisScript.THROTTLE.sha()))
                + trimmedMean(apart.get(RedisScript.LOCK_AND_LOAD.sha()));
        double after = trimmedMean(riding.get(RedisScript.LOCK_AND_LOAD.sha()));
        System.out.printf(Locale.ROOT,
                "%nRate-limited typical update, per call, mean of the fastest 90 %% of %d calls:%n",
                perBlock * BLOCKS);
        System.out.printf(Locale.ROOT, "  before: throttle %.2f + lock_load %.2f = %.2f usec, commit %.2f usec%n",
                trimmedMean(apart.get(RedisScript.THROTTLE.sha())),
                trimmedMean(apart.get(RedisScript.LOCK_AND_LOAD.sha())),
                before, trimmedMean(apart.get(RedisScript.COMMIT.sha())));
        System.out.printf(Locale.ROOT, "  after:  lock_load with the check %.2f usec, commit %.2f usec%n", after,
                trimmedMean(riding.get(RedisScript.COMMIT.sha())));

        assertThat(apart.get(RedisScript.THROTTLE.sha())).hasSize(perBlock * BLOCKS);
        assertThat(riding).as("the check rides in lock_load: no throttle script")
                .doesNotContainKey(RedisScript.THROTTLE.sha());
        assertThat(riding.get(RedisScript.LOCK_AND_LOAD.sha())).hasSize(perBlock * BLOCKS);
    }

    /** A check that always admits: one microsecond per permit, an hour of burst. */
    private static ThrottleRequest check(StorageKey bucket) {
        return new ThrottleRequest(bucket, Instant.now(), Duration.ofNanos(1_000), Duration.ofHours(1));
    }

    private static double trimmedMean(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int keep = Math.max(1, sorted.size() * 9 / 10);
        return sorted.subList(0, keep).stream().mapToLong(Long::longValue).average().orElse(0);
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    private static void print(String what, double[] blocks) {
        System.out.printf(Locale.ROOT, "  %-30s %7.2f usec/call (%.2f-%.2f)%n", what, median(blocks),
                Arrays.stream(blocks).min().orElse(0), Arrays.stream(blocks).max().orElse(0));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Writes the conversation as the sample bot leaves it mid-flow, and its history. */
    private static void seed(StorageKey key) {
        try (FsmTransaction tx = FsmTransactions.begin(contexts, key)) {
            EngineContext main = tx.context();
            main.setState("Order:ADDRESS");
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("name", "Ann Smith");
            data.put("age", 31);
            data.put("city", "Berlin");
            data.put("step", 0);
            data.put("phone", "+49 30 1234567");
            data.put("lang", "en");
            data.put("agreed", true);
            data.put("address", Map.of("street", "Unter den Linden 1", "zip", "10117", "country", "DE"));
            data.put("cart", List.of(Map.of("sku", "A-100", "qty", 2, "price", 9.99),
                    Map.of("sku", "B-200", "qty", 1, "price", 24.5), Map.of("sku", "C-300", "qty", 3, "price", 1.25)));
            data.put("notes", "Please ring twice; the bell on the left does not work. Leave at the door if out.");
            main.setData(data);
            List<Object> ids = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                ids.add(851_230_000 + i);
            }
            main.setMeta("updates", ids);
            main.setMeta("messages", 42);
            main.setMeta("garbage", List.of(Map.of("chat", 4242, "id", 1001), Map.of("chat", 4242, "id", 1003),
                    Map.of("chat", 4242, "id", 1007)));
            main.setMeta("timeout", Map.of("at", 1_790_000_000_000L, "state", "Order:ADDRESS"));
            tx.context(HistoryManager.DEFAULT_DESTINY).setData(Map.of("stack",
                    List.of("Order:START", "Order:NAME", "Order:AGE", "Order:CITY")));
            tx.commit();
        }
    }

    /** One typical update: lock and load, then a new state, one data entry and the metadata, then commit. */
    private static void typicalUpdate(StorageKey key, int n) {
        try (FsmTransaction tx = FsmTransactions.begin(contexts, key)) {
            change(tx, n);
            tx.commit();
        }
    }

    private static void change(FsmTransaction tx, int n) {
        EngineContext main = tx.context();
        main.setState(n % 2 == 0 ? "Order:PHONE" : "Order:ADDRESS");
        main.updateData(Map.of("step", n));
        List<Object> ids = new ArrayList<>((List<?>) main.getMeta("updates"));
        ids.remove(0);
        ids.add(851_240_000 + n);
        main.setMeta("updates", ids);
        main.setMeta("messages", 43 + n);
    }

    private Map<String, Object> rawHash(StorageKey key) {
        Map<String, Object> out = new LinkedHashMap<>();
        stats.hashCommands().hGetAll(bytes(renderer.render(key))).forEach((f, v) -> out.put(text(f), text(v)));
        return out;
    }

    private static Map<String, String> perRound(Map<String, Long> delta, int rounds) {
        Map<String, String> out = new LinkedHashMap<>();
        delta.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.put(e.getKey(), String.format(Locale.ROOT, "%.2f", (double) e.getValue() / rounds)));
        return out;
    }

    /**
     * Microseconds per script (by SHA-1) of the calls in the slow log since its last reset: with a
     * threshold of 0 it holds every command with its own duration, so that each script is
     * attributed exactly without a command between two calls. Every call's duration is also added
     * to {@code perCall}, by SHA-1 for scripts and by lower-case name for other commands.
     */
    private static Map<String, Long> scriptUsec(Map<String, List<Long>> perCall) throws Exception {
        Map<String, Long> out = new HashMap<>();
        List<Object> entries = slowLog().slowlogGet(-1).get(10, TimeUnit.SECONDS);
        for (Object entry : entries) {
            List<?> fields = (List<?>) entry;
            List<?> args = (List<?>) fields.get(3);
            String command = text((byte[]) args.get(0)).toLowerCase(Locale.ROOT);
            if (!command.equals("evalsha")) {
                perCall.computeIfAbsent(command, c -> new ArrayList<>()).add((Long) fields.get(2));
            }
            else if (args.size() > 1) {
                out.merge(text((byte[]) args.get(1)), (Long) fields.get(2), Long::sum);
                perCall.computeIfAbsent(text((byte[]) args.get(1)), c -> new ArrayList<>()).add((Long) fields.get(2));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static RedisClusterAsyncCommands<byte[], byte[]> slowLog() {
        return (RedisClusterAsyncCommands<byte[], byte[]>) stats.getNativeConnection();
    }

    /** Calls per command so far. */
    private static Map<String, Long> calls() {
        Map<String, Long> out = new HashMap<>();
        commandStats().forEach((name, fields) -> out.put(name, field(fields, "calls")));
        return out;
    }

    /** Total microseconds the server spent in one command so far. */
    private static long usec(String command) {
        String fields = commandStats().get(command);
        return fields == null ? 0 : field(fields, "usec");
    }

    private static Map<String, String> commandStats() {
        Properties info = stats.serverCommands().info("commandstats");
        Map<String, String> out = new HashMap<>();
        for (String name : info.stringPropertyNames()) {
            if (name.startsWith("cmdstat_")) {
                out.put(name.substring("cmdstat_".length()), info.getProperty(name));
            }
        }
        return out;
    }

    private static long field(String fields, String name) {
        for (String part : fields.split(",")) {
            int eq = part.indexOf('=');
            if (part.substring(0, eq).equals(name)) {
                return Long.parseLong(part.substring(eq + 1));
            }
        }
        return 0;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
