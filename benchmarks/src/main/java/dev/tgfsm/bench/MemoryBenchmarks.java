package dev.tgfsm.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * The typical update on {@link InMemoryFsmStorage}, through a unit of work and through the whole
 * dispatcher, against the same change made with a raw {@link ConcurrentHashMap} get and compute.
 * Latency is not recorded here: these operations take about a microsecond, and timing them would
 * cost a noticeable share of the raw baseline.
 */
@State(Scope.Benchmark)
public class MemoryBenchmarks {

    /** 1: one hot conversation; 10000: distinct conversations. */
    @Param({"1", "10000"})
    public int keys;

    private Keys keySet;

    private InMemoryFsmStorage storage;

    private FsmContexts contexts;

    private UpdateDispatcher dispatcher;

    private TypicalUpdate.UpdateSource updates;

    private final Map<StorageKey, RawSession> raw = new ConcurrentHashMap<>();

    /** What the raw baseline keeps per conversation: state, data and version. */
    record RawSession(String state, Map<String, Object> data, long version) {
    }

    /** Builds and seeds the storage, the dispatcher and the raw map. */
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
        for (int i = 0; i < guards.length; i++) {
            guards[i] = new Object();
        }
        storage = new InMemoryFsmStorage(StorageConfig.ofDefaults());
        contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null);
        for (int i = 0; i < keys; i++) {
            storage.setData(keySet.get(i), BenchConfig.seedData());
            raw.put(keySet.get(i), new RawSession(null, BenchConfig.seedData(), 1));
        }
        dispatcher = new UpdateDispatcher(BenchConfig.BOT_ID, KeyStrategy.USER_IN_CHAT, contexts,
                update -> TypicalUpdate.handle(update.context()), DispatcherConfig.ofDefaults(), null);
        if (withUpdates) {
            updates = new TypicalUpdate.UpdateSource(keySet);
        }
    }

    /** Stops the dispatcher. */
    @TearDown(Level.Trial)
    public void tearDown() {
        dispatcher.close();
    }

    private final Object[] guards = new Object[1024];

    /**
     * Begin, read data, update data, set state, commit, holding the conversation's in-process guard
     * as the dispatcher would (without it, 8 threads on one key exhaust the 10 conflict retries of
     * {@link FsmContexts#inTransaction}).
     *
     * @return the data read
     */
    @Benchmark
    public Object typicalUpdate() {
        StorageKey key = keySet.next();
        synchronized (guards[(key.hashCode() & 0x7fffffff) % guards.length]) {
            return contexts.inTransaction(key, tx -> TypicalUpdate.handle(tx.context()));
        }
    }

    /**
     * The same handler behind the dispatcher: key derivation, per-key ordering, de-duplication,
     * the unit of work and the hand-off to a worker thread and back.
     */
    @Benchmark
    public void typicalUpdateDispatcher() {
        dispatcher.submit(updates.next(keySet.nextIndex())).join();
    }

    /**
     * Baseline: {@code get} to read the data, then {@code compute} that copies the data with one
     * entry changed, sets the state and bumps the version.
     *
     * @return the data read
     */
    @Benchmark
    public Object rawMapGetCompute() {
        StorageKey key = keySet.next();
        RawSession read = raw.get(key);
        int step = ThreadLocalRandom.current().nextInt(1000);
        String state = (step & 1) == 0 ? BenchConfig.STATE_A : BenchConfig.STATE_B;
        raw.compute(key, (k, old) -> {
            Map<String, Object> data = new HashMap<>(old == null ? Map.of() : old.data());
            data.put("step", step);
            return new RawSession(state, Map.copyOf(data), old == null ? 1 : old.version() + 1);
        });
        return read == null ? null : read.data();
    }
}
