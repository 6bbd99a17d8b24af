package dev.tgfsm.dispatch;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

import com.sun.management.ThreadMXBean;
import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.Updates;

/**
 * Counts the bytes a typical update allocates when it goes through the {@link UpdateDispatcher} on
 * the memory backend: submitted, keyed, de-duplicated, run on a worker in its conversation's turn
 * (read the data, merge one entry, change the state), remembered in the record's metadata and
 * committed. The count covers every thread of the JVM (the submitting one and the dispatcher's
 * workers), after a warm-up, in several batches whose median is the result (a batch that a thread
 * outside the dispatcher allocated in, or that the JIT compiler recompiled in, does not move it), and
 * excludes building the {@link Update} objects, which the intake does. Allocation counts, unlike
 * timings, barely move between runs; nothing here is timed.
 */
public final class DispatchedUpdateAllocation {

    private static final int CONVERSATIONS = 1_000;

    private static final int WARM_UP = 60_000;

    private static final int BATCHES = 9;

    private static final int BATCH = 4_000;

    /** How many updates one count dispatches: the warm-up and the measured batches. */
    public static final int UPDATES = WARM_UP + BATCHES * BATCH;

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private DispatchedUpdateAllocation() {
    }

    /**
     * Tells whether this JVM counts the bytes each thread allocates.
     *
     * @return whether {@link #bytesPerUpdate} can count
     */
    public static boolean supported() {
        return THREADS.isThreadAllocatedMemoryEnabled();
    }

    /**
     * Dispatches typical updates on a fresh dispatcher and memory storage and counts what they allocate.
     *
     * @param observer the dispatcher's observer, or {@code null} for none
     * @return the bytes allocated per measured update, by all threads: the median of the batches
     */
    public static long bytesPerUpdate(@Nullable UpdateObserver observer) {
        long[] batches = bytesPerUpdateByBatch(observer);
        return batches[batches.length / 2];
    }

    /**
     * Dispatches typical updates as {@link #bytesPerUpdate} does and tells every batch's count.
     *
     * @param observer the dispatcher's observer, or {@code null} for none
     * @return the bytes allocated per update in each measured batch, by all threads, ascending
     */
    public static long[] bytesPerUpdateByBatch(@Nullable UpdateObserver observer) {
        FsmContexts contexts = FsmTransactions.contexts(new InMemoryFsmStorage(StorageConfig.ofDefaults()),
                new JacksonFsmCodec(), ContextConfig.ofDefaults(), null);
        try (UpdateDispatcher dispatcher = new UpdateDispatcher(42, KeyStrategy.USER_IN_CHAT, contexts,
                (UpdateContext u) -> {
                    FsmContext context = u.context();
                    context.getData();
                    context.updateData(Map.of("step", u.update().getUpdateId()));
                    context.setState("form:name".equals(context.getState()) ? "form:age" : "form:name");
                }, DispatcherConfig.ofDefaults(), null)) {
            dispatcher.setObserver(observer);
            Updates updates = new Updates(Clock.systemUTC());
            int[] nextId = {1};
            for (Update update : batch(updates, WARM_UP, nextId)) {
                dispatcher.submit(update).join();
            }
            long[] perUpdate = new long[BATCHES];
            for (int b = 0; b < BATCHES; b++) {
                Update[] measured = batch(updates, BATCH, nextId);
                long before = allocatedByAllThreads();
                for (Update update : measured) {
                    dispatcher.submit(update).join();
                }
                perUpdate[b] = (allocatedByAllThreads() - before) / BATCH;
            }
            Arrays.sort(perUpdate);
            return perUpdate;
        }
    }

    /** Builds updates of the conversations in turn, with ascending update ids, before counting. */
    private static Update[] batch(Updates updates, int n, int[] nextId) {
        Update[] batch = new Update[n];
        for (int i = 0; i < n; i++) {
            Update update = updates.text(1_000 + nextId[0] % CONVERSATIONS, "42");
            update.setUpdateId(nextId[0]++);
            batch[i] = update;
        }
        return batch;
    }

    private static long allocatedByAllThreads() {
        long sum = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            sum += Math.max(0, bytes);
        }
        return sum;
    }
}
