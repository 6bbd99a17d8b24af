package dev.tgfsm.storage.memory;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.management.ThreadMXBean;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxConfig;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.outbox.OutboxSender;
import dev.tgfsm.storage.StorageConfig;

/**
 * The typical update on {@link InMemoryFsmStorage} (begin, read the data, merge one entry, set the
 * state, commit) and the same logical change made with a raw {@link ConcurrentHashMap} get and
 * compute, as the benchmarks module measures them, over many conversations with a realistic record.
 * Shared by the allocation counting test and the on-demand timing measurement.
 */
final class TypicalUpdateWorkload {

    /** What the raw baseline keeps per conversation: state, data and version. */
    record RawSession(String state, Map<String, Object> data, long version) {
    }

    private static final String STATE_A = "form:name";

    private static final String STATE_B = "form:age";

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final StorageKey[] keys;

    private final FsmContexts contexts;

    private final Map<StorageKey, RawSession> raw = new ConcurrentHashMap<>();

    private int nextLibrary;

    private int nextRaw;

    private int libraryStep;

    private int rawStep;

    /**
     * Seeds {@code conversations} conversations on both sides with {@code entries} data entries each.
     *
     * @param outbox whether the units of work have an outbox (as under Spring), which queues nothing
     */
    TypicalUpdateWorkload(int conversations, int entries, boolean outbox) {
        keys = new StorageKey[conversations];
        InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults());
        OutboxRelay relay = outbox
                ? new OutboxRelay(new OutboxSender(() -> null, OutboxConfig.custom().build()), Clock.systemUTC())
                : null;
        contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null, relay);
        Map<String, Object> seed = seed(entries);
        for (int i = 0; i < conversations; i++) {
            keys[i] = StorageKey.of(42, 1000 + i, 1000 + i);
            storage.setData(keys[i], seed);
            raw.put(keys[i], new RawSession(null, Map.copyOf(seed), 1));
        }
    }

    /** A record's data as a handler would keep it: a few strings, numbers and a flag. */
    static Map<String, Object> seed(int entries) {
        Map<String, Object> seed = new LinkedHashMap<>();
        Object[] values = {"Ann", 1, "en", 34, "Berlin", true, "ann@example.org", 1_700_000_000_000L, "premium", 3};
        String[] names = {"name", "step", "lang", "age", "city", "subscribed", "email", "since", "plan", "attempts"};
        for (int i = 0; i < entries; i++) {
            seed.put(i < names.length ? names[i] : "extra" + i, values[i % values.length]);
        }
        return seed;
    }

    /**
     * The library's typical update on the next conversation: every call changes one data entry and
     * the state, so every call writes. Returns the data read.
     */
    Object library() {
        StorageKey key = keys[nextLibrary];
        nextLibrary = nextLibrary + 1 == keys.length ? 0 : nextLibrary + 1;
        int s = ++libraryStep;
        return contexts.inTransaction(key, tx -> {
            FsmContext context = tx.context();
            Map<String, Object> data = context.getData();
            context.updateData(Map.of("step", s));
            context.setState(STATE_A.equals(context.getState()) ? STATE_B : STATE_A);
            return data;
        });
    }

    /** The raw baseline: get to read the data, compute to copy it with one entry changed. */
    Object raw() {
        StorageKey key = keys[nextRaw];
        nextRaw = nextRaw + 1 == keys.length ? 0 : nextRaw + 1;
        int s = ++rawStep;
        RawSession read = raw.get(key);
        String state = read != null && STATE_A.equals(read.state()) ? STATE_B : STATE_A;
        raw.compute(key, (k, old) -> {
            Map<String, Object> data = new HashMap<>(old == null ? Map.of() : old.data());
            data.put("step", s);
            return new RawSession(state, Map.copyOf(data), old == null ? 1 : old.version() + 1);
        });
        return read == null ? null : read.data();
    }

    /** Bytes allocated by the current thread so far. */
    static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }
}
