package dev.tgfsm.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.jdbc.JdbcBaselineSql;
import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.redis.LettuceResilience;
import dev.tgfsm.redis.RedisBaselineScripts;
import dev.tgfsm.redis.RedisFsmStorage;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * What JMH does not measure: bytes per idle in-memory session, Redis memory per record, and storage
 * round trips per typical update on every backend (each averaged over {@value #UPDATES} updates).
 */
final class Measurements {

    static final int UPDATES = 200;

    private Measurements() {
    }

    /** Heap retained per idle session (state only, then with the seed data), over 100,000 sessions. */
    static Map<String, Object> memoryFootprint() {
        int n = 100_000;
        StorageKey[] keys = new StorageKey[n];
        for (int i = 0; i < n; i++) {
            keys[i] = StorageKey.of(1, 5_000_000 + i, 5_000_000 + i);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults());
        long before = usedHeap();
        for (StorageKey key : keys) {
            storage.setState(key, BenchConfig.STATE_A);
        }
        long stateOnly = usedHeap();
        out.put("bytesPerIdleSessionStateOnly", (stateOnly - before) / n);
        InMemoryFsmStorage withData = new InMemoryFsmStorage(StorageConfig.ofDefaults());
        long before2 = usedHeap();
        for (StorageKey key : keys) {
            withData.setData(key, BenchConfig.seedData());
        }
        out.put("bytesPerIdleSessionWithSeedData", (usedHeap() - before2) / n);
        out.put("sessions", n);
        out.put("seedData", BenchConfig.seedData().toString());
        storage.hashCode();
        withData.hashCode();
        return out;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Storage calls per typical update on the in-memory backend (unit of work, dispatcher). */
    static Map<String, Object> memoryRoundTrips() throws Exception {
        CountingFsmStorage counting = new CountingFsmStorage(new InMemoryFsmStorage(StorageConfig.ofDefaults()));
        FsmContexts contexts = FsmTransactions.contexts(counting, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("typicalUpdate", perUpdate(counting, contexts, null));
        out.put("typicalUpdateDispatcher", perUpdate(counting, contexts, dispatcher(contexts)));
        return out;
    }

    private static UpdateDispatcher dispatcher(FsmContexts contexts) {
        return new UpdateDispatcher(BenchConfig.BOT_ID, KeyStrategy.USER_IN_CHAT, contexts,
                u -> TypicalUpdate.handle(u.context()), DispatcherConfig.ofDefaults(), null);
    }

    private static double perUpdate(CountingFsmStorage counting, FsmContexts contexts, UpdateDispatcher dispatcher) {
        Keys keys = new Keys(100);
        TypicalUpdate.UpdateSource updates = dispatcher == null ? null : new TypicalUpdate.UpdateSource(keys);
        counting.reset();
        for (int i = 0; i < UPDATES; i++) {
            if (dispatcher == null) {
                try (FsmTransaction tx = FsmTransactions.begin(contexts, keys.get(i % 100))) {
                    TypicalUpdate.handle(tx.context());
                    tx.commit();
                }
            }
            else {
                dispatcher.submit(updates.next(i % 100)).join();
            }
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        return counting.total() / (double) UPDATES;
    }

    /** Client round trips per typical update on Redis (INFO commandstats of the private server). */
    static Map<String, Object> redis(RedisServer server) throws Exception {
        ClientResources resources = LettuceResilience.clientResources();
        LettuceConnectionFactory factory = LettuceResilience.standalone("127.0.0.1", server.port(), resources,
                Duration.ofSeconds(5));
        KeyRenderer renderer = new KeyRenderer(BenchConfig.redisPrefix());
        RedisClient client = RedisClient.create(resources, RedisURI.create("127.0.0.1", server.port()));
        LeaseKeeper leases = new LeaseKeeper();
        Map<String, Object> out = new LinkedHashMap<>();
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
            RedisFsmStorage storage = new RedisFsmStorage(factory, renderer, StorageConfig.ofDefaults());
            FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                    ContextConfig.ofDefaults().withLock(Duration.ofSeconds(30), Duration.ofSeconds(10)), leases);
            RawRedis raw = new RawRedis(connection.sync(), renderer);
            for (RedisBaselineScripts s : RedisBaselineScripts.values()) {
                connection.sync().scriptLoad(s.body());
            }
            Keys keys = new Keys(100);
            UpdateDispatcher dispatcher = dispatcher(contexts);
            TypicalUpdate.UpdateSource updates = new TypicalUpdate.UpdateSource(keys);
            for (int round = 0; round < 2; round++) { // round 0 warms connections and scripts up
                out.put("typicalUpdate", redisPerUpdate(server, false, i -> {
                    try (FsmTransaction tx = FsmTransactions.begin(contexts, keys.get(i % 100))) {
                        TypicalUpdate.handle(tx.context());
                        tx.commit();
                    }
                }));
                out.put("typicalUpdateDispatcher", redisPerUpdate(server, false,
                        i -> dispatcher.submit(updates.next(i % 100)).join()));
                out.put("rawTwoScripts", redisPerUpdate(server, false,
                        i -> raw.typicalTwoScripts(keys.get(i % 100), i, BenchConfig.STATE_B)));
                out.put("aiogramStyle", redisPerUpdate(server, true,
                        i -> raw.typicalAiogram(keys.get(i % 100), i, BenchConfig.STATE_B)));
            }
            dispatcher.close();
            String key = renderer.render(BenchConfig.key(0));
            out.put("memoryUsageTypicalRecordBytes",
                    Long.parseLong(server.cli("MEMORY", "USAGE", key, "SAMPLES", "0").trim()));
            String aio = renderer.prefix() + "aio:" + renderer.canonical(BenchConfig.key(0));
            out.put("memoryUsageAiogramStyleBytes", Long.parseLong(server.cli("MEMORY", "USAGE", aio + ":state").trim())
                    + Long.parseLong(server.cli("MEMORY", "USAGE", aio + ":data").trim()));
            out.put("typicalRecordHash", server.cli("HGETALL", key).trim().replace('\n', ' '));
        }
        finally {
            leases.close();
            client.shutdown();
            factory.destroy();
            resources.shutdown();
        }
        return out;
    }

    private interface Op {
        void run(int i) throws Exception;
    }

    /**
     * Runs {@value #UPDATES} updates and counts the commands clients sent: EVALSHA/EVAL, plus for the
     * aiogram flow its GETs and SETs minus the one GET its unlock script runs inside Redis.
     */
    private static double redisPerUpdate(RedisServer server, boolean plain, Op op) throws Exception {
        Map<String, Long> before = commandStats(server);
        for (int i = 0; i < UPDATES; i++) {
            op.run(i);
        }
        Map<String, Long> after = commandStats(server);
        Map<String, Long> d = new HashMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
        long scripts = d.getOrDefault("evalsha", 0L) + d.getOrDefault("eval", 0L);
        // aiogram flow: client GETs = all GETs minus the one inside each unlock EVALSHA, so SET + GET in all
        long total = plain ? d.getOrDefault("set", 0L) + d.getOrDefault("get", 0L) : scripts;
        return total / (double) UPDATES;
    }

    private static Map<String, Long> commandStats(RedisServer server) throws Exception {
        Map<String, Long> calls = new HashMap<>();
        for (String line : server.cli("INFO", "commandstats").split("\\R")) {
            if (line.startsWith("cmdstat_")) {
                String fields = line.substring(line.indexOf(':') + 1);
                calls.put(line.substring(8, line.indexOf(':')),
                        Long.parseLong(fields.substring(6, fields.indexOf(','))));
            }
        }
        return calls;
    }

    /** Statements (and commits) per typical update on a JDBC database, library and raw. */
    static Map<String, Object> jdbc(String db) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        try (HikariDataSource pool = JdbcFixture.pool(db)) {
            CountingDataSource counting = new CountingDataSource(pool);
            FsmStorage storage = new JdbcFsmStorage(counting.dataSource(), BenchConfig.tablePrefix(),
                    JdbcFixture.dialect(db), StorageConfig.ofDefaults());
            FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                    null);
            RawJdbc raw = new RawJdbc(counting.dataSource(), new JdbcBaselineSql(JdbcFixture.dialect(db),
                    BenchConfig.tablePrefix()), "sqlite".equals(db));
            KeyRenderer renderer = new KeyRenderer("");
            for (int round = 0; round < 2; round++) {
                counting.reset();
                for (int i = 0; i < UPDATES; i++) {
                    try (FsmTransaction tx = FsmTransactions.begin(contexts, BenchConfig.key(i % 100))) {
                        TypicalUpdate.handle(tx.context());
                        tx.commit();
                    }
                }
                out.put("typicalUpdate", counting.total() / (double) UPDATES);
                counting.reset();
                for (int i = 0; i < UPDATES; i++) {
                    raw.typical(renderer.canonical(BenchConfig.key(i % 100)), ThreadLocalRandom.current().nextInt(),
                            BenchConfig.STATE_B);
                }
                out.put("rawJdbc", counting.total() / (double) UPDATES);
            }
        }
        return out;
    }
}
