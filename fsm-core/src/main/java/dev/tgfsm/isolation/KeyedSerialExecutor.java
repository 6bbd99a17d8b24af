package dev.tgfsm.isolation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.Internal;

/**
 * Runs tasks so that tasks of one key run one at a time, in the order they were submitted, while
 * tasks of different keys run in parallel on a shared executor.
 *
 * <p>Each key with pending work has a small queue; the queue is removed as soon as it drains, so an
 * idle key leaves nothing behind. A task that throws does not stop the tasks after it.
 *
 * <p>A thread that would only wait for a task may run it itself with {@link #runIfWaiting}, when the
 * task is the next of its key and nothing of the key runs: the order of the key is kept, and the
 * hand-off to a worker and back is saved.
 *
 * @param <K> the key type
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class KeyedSerialExecutor<K> {

    private static final Logger log = LoggerFactory.getLogger(KeyedSerialExecutor.class);

    private final Executor executor;

    private final ConcurrentHashMap<K, Queue> queues = new ConcurrentHashMap<>();

    /**
     * Creates the executor.
     *
     * @param executor runs the per-key drains; bounded pools are fine
     */
    public KeyedSerialExecutor(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor must not be null");
    }

    /**
     * Queues a task behind the earlier tasks of its key.
     *
     * @param key the key
     * @param task the task
     * @throws RejectedExecutionException if the underlying executor refuses to run a new drain; the
     *         task is then not queued (tasks of the key queued behind it meanwhile still run, on
     *         this thread)
     */
    public void execute(K key, Runnable task) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(task, "task must not be null");
        while (true) {
            Queue queue = queues.get(key);
            if (queue == null) {
                Queue fresh = new Queue(key, task);
                if (queues.putIfAbsent(key, fresh) == null) {
                    try {
                        executor.execute(fresh);
                    }
                    catch (RejectedExecutionException ex) {
                        Runnable offered = fresh.abandon();
                        if (offered != null) {
                            // tasks queued behind the refused one meanwhile were accepted: run them
                            // here rather than drop them
                            fresh.drain(offered);
                        }
                        throw ex;
                    }
                    return;
                }
            }
            else if (queue.offer(task)) {
                return;
            }
            // the queue drained and left the map meanwhile: look again
        }
    }

    /**
     * Runs a task on the calling thread if it is the next task of its key and nothing of the key is
     * running (no worker has taken it yet); the key's later tasks are then handed to the executor as
     * {@link #execute} would. The order of the key is kept: only its next task can be taken, and only
     * one thread at a time runs tasks of a key. A task that throws is logged, as on a worker.
     *
     * @param key the key the task was queued under
     * @param task the task, as given to {@link #execute}
     * @return {@code true} if the task ran here; {@code false} if it is running or done elsewhere, or
     *         waits behind other tasks of its key
     */
    public boolean runIfWaiting(K key, Runnable task) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(task, "task must not be null");
        Queue queue = queues.get(key);
        return queue != null && queue.runHere(task);
    }

    /**
     * Hands every task that is queued and has not started yet to {@code action}, key by key in no
     * particular order and in order within a key. A snapshot: tasks queued or started meanwhile may
     * be missed or included.
     *
     * @param action told each waiting task, on the calling thread, outside any lock of this executor
     */
    public void forEachWaiting(Consumer<Runnable> action) {
        Objects.requireNonNull(action, "action must not be null");
        List<Runnable> waiting = new ArrayList<>();
        for (Queue queue : queues.values()) {
            queue.addWaitingTo(waiting);
        }
        waiting.forEach(action);
    }

    /**
     * Returns how many keys have pending or running tasks.
     *
     * @return the number of active keys
     */
    public int activeKeys() {
        return queues.size();
    }

    /**
     * The pending tasks of one key, the first running or about to run. It leaves the map, under its
     * own monitor, when its last task is done; a queue that left takes no more tasks. One thread at a
     * time runs its tasks: a worker that drains it, or a thread that took its next task
     * ({@link #runIfWaiting}).
     */
    private final class Queue implements Runnable {

        private final K key;

        /** The task running or next to run, {@code null} once the queue has left the map. */
        private @Nullable Runnable head;

        /** The tasks after the head, created by the second pending task. */
        private @Nullable ArrayDeque<Runnable> rest;

        /** Whether a thread runs the head (or is about to); a waiting head has none. */
        private boolean started;

        /** Whether the queue is handed to the executor and that drain has not begun. */
        private boolean scheduled = true;

        Queue(K key, Runnable first) {
            this.key = key;
            this.head = first;
        }

        /** Adds a task behind the others; {@code false} if the queue has left the map. */
        synchronized boolean offer(Runnable task) {
            if (head == null) {
                return false;
            }
            if (rest == null) {
                rest = new ArrayDeque<>(4);
            }
            rest.add(task);
            return true;
        }

        /**
         * Drops the head, whose drain the executor refused. If other tasks were queued behind it
         * meanwhile, the next one becomes the head, taken by the caller, which must drain it;
         * otherwise the queue leaves the map.
         *
         * @return the task the caller must drain, or {@code null} if none was queued meanwhile
         */
        synchronized @Nullable Runnable abandon() {
            scheduled = false;
            head = rest == null ? null : rest.poll();
            if (head == null) {
                queues.remove(key, this);
                return null;
            }
            started = true;
            return head;
        }

        synchronized void addWaitingTo(List<Runnable> waiting) {
            if (head != null && !started) {
                waiting.add(head);
            }
            if (rest != null) {
                waiting.addAll(rest);
            }
        }

        /** The executor's drain: runs the waiting head and those after it, unless a thread runs them. */
        @Override
        public void run() {
            Runnable next;
            synchronized (this) {
                scheduled = false;
                if (started || head == null) {
                    return; // taken by a thread that runs it itself; it hands the rest over again
                }
                started = true;
                next = head;
            }
            drain(next);
        }

        /** Runs {@code task} here if it is the waiting head, then hands the rest to the executor. */
        boolean runHere(Runnable task) {
            synchronized (this) {
                if (started || head != task) {
                    return false;
                }
                started = true;
            }
            runSafely(task);
            Runnable next;
            synchronized (this) {
                next = rest == null ? null : rest.poll();
                head = next;
                if (next == null) {
                    queues.remove(key, this);
                    return true;
                }
                started = false;
                if (scheduled) {
                    return true; // the drain handed to the executor has not begun: it runs the rest
                }
                scheduled = true;
            }
            try {
                executor.execute(this);
            }
            catch (RejectedExecutionException ex) {
                // no worker takes the rest: run it here rather than leave it waiting forever
                synchronized (this) {
                    scheduled = false;
                    if (started || head == null) {
                        return true;
                    }
                    started = true;
                    next = head;
                }
                drain(next);
            }
            return true;
        }

        /** Runs {@code first} and the tasks after it until the queue is empty, then leaves the map. */
        private void drain(Runnable first) {
            Runnable next = first;
            while (next != null) {
                runSafely(next);
                synchronized (this) {
                    next = rest == null ? null : rest.poll();
                    head = next;
                    if (next == null) {
                        queues.remove(key, this);
                    }
                }
            }
        }

        private void runSafely(Runnable task) {
            try {
                task.run();
            }
            catch (RuntimeException | Error ex) {
                log.error("Task for {} failed; later tasks of the key still run", key, ex);
            }
        }
    }
}
