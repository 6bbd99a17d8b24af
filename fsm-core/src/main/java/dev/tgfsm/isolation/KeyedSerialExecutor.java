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
     *         task is then not queued
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
                        fresh.abandon();
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
     * own monitor, when its last task is done; a queue that left takes no more tasks.
     */
    private final class Queue implements Runnable {

        private final K key;

        /** The task running or next to run, {@code null} once the queue has left the map. */
        private @Nullable Runnable head;

        /** The tasks after the head, created by the second pending task. */
        private @Nullable ArrayDeque<Runnable> rest;

        /** Whether the head is running (or has run); only the first head waits for a worker. */
        private boolean started;

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

        /** Leaves the map without running anything (the executor refused the drain). */
        synchronized void abandon() {
            head = null;
            queues.remove(key, this);
        }

        synchronized void addWaitingTo(List<Runnable> waiting) {
            if (head != null && !started) {
                waiting.add(head);
            }
            if (rest != null) {
                waiting.addAll(rest);
            }
        }

        @Override
        public void run() {
            Runnable next;
            synchronized (this) {
                next = head;
                started = true;
            }
            while (next != null) {
                try {
                    next.run();
                }
                catch (RuntimeException | Error ex) {
                    log.error("Task for {} failed; later tasks of the key still run", key, ex);
                }
                synchronized (this) {
                    next = rest == null ? null : rest.poll();
                    head = next;
                    if (next == null) {
                        queues.remove(key, this);
                    }
                }
            }
        }
    }
}
