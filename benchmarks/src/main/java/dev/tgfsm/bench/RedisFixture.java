package dev.tgfsm.bench;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.redis.LettuceResilience;
import dev.tgfsm.redis.RedisBaselineScripts;
import dev.tgfsm.redis.RedisFsmStorage;
import dev.tgfsm.storage.StorageConfig;

/**
 * Both sides of the Redis benchmarks on one server: {@link RedisFsmStorage} with cross-instance
 * locking (the production set-up for several instances), its contexts and dispatcher, and a raw
 * Lettuce connection of its own ({@link RawRedis}). Records are seeded by {@link BenchmarkMain}.
 */
@State(Scope.Benchmark)
public class RedisFixture {

    /** 1: one hot conversation; 10000: distinct conversations. */
    @Param({"1", "10000"})
    public int keys;

    Keys keySet;

    KeyRenderer renderer;

    RedisFsmStorage storage;

    FsmContexts contexts;

    UpdateDispatcher dispatcher;

    TypicalUpdate.UpdateSource updates;

    RawRedis raw;

    private ClientResources resources;

    private LettuceConnectionFactory factory;

    private LeaseKeeper leases;

    private RedisClient client;

    private StatefulRedisConnection<byte[], byte[]> connection;

    /** Connects both sides and loads the scripts. */
    @Setup(Level.Trial)
    public void setUp(org.openjdk.jmh.infra.BenchmarkParams params) {
        open(params.getBenchmark().endsWith("Dispatcher"));
    }

    /**
     * Builds everything; the Telegram updates only if the dispatcher is benchmarked (building
     * 10,000 messages takes a while).
     *
     * @param withUpdates whether to build the updates
     */
    public void open(boolean withUpdates) {
        keySet = new Keys(keys);
        renderer = new KeyRenderer(BenchConfig.redisPrefix());
        resources = LettuceResilience.clientResources();
        factory = LettuceResilience.standalone("127.0.0.1", BenchConfig.redisPort(), resources, Duration.ofSeconds(5));
        storage = new RedisFsmStorage(factory, renderer, StorageConfig.ofDefaults());
        leases = new LeaseKeeper();
        contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withLock(Duration.ofSeconds(30), Duration.ofSeconds(10)), leases);
        dispatcher = new UpdateDispatcher(BenchConfig.BOT_ID, KeyStrategy.USER_IN_CHAT, contexts,
                update -> TypicalUpdate.handle(update.context()), DispatcherConfig.ofDefaults(), null);
        if (withUpdates) {
            updates = new TypicalUpdate.UpdateSource(keySet);
        }
        client = RedisClient.create(resources, RedisURI.create("127.0.0.1", BenchConfig.redisPort()));
        connection = client.connect(ByteArrayCodec.INSTANCE);
        RedisCommands<byte[], byte[]> commands = connection.sync();
        for (RedisBaselineScripts script : RedisBaselineScripts.values()) {
            commands.scriptLoad(script.body());
        }
        raw = new RawRedis(commands, renderer);
        storage.health();
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        dispatcher.close();
        leases.close();
        connection.close();
        client.shutdown();
        factory.destroy();
        resources.shutdown();
    }
}
