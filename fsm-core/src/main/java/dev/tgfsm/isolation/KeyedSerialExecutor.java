package dev.tgfsm.isolation;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks so that tasks of one key run one at a time, in the order they were submitted, while
 * tasks of different keys run in parallel on a shared executor.
 *
 * <p>Each key with pending work has a small queue; the queue is removed as soon as it drains, so an
 * idle key leaves nothing behind. A task that throws does not stop the tasks after it.
 *
 * @param <K> the key type
 */
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
        boolean[] start = {false};
        queues.compute(key, (k, queue) -> {
            if (queue == null) {
                queue = new Queue(k);
                start[0] = true;
            }
            synchronized (queue) {
                queue.tasks.add(task);
            }
            return queue;
        });
        if (start[0]) {
            try {
                executor.execute(queues.get(key));
            }
            catch (RejectedExecutionException ex) {
                queues.remove(key);
                throw ex;
            }
        }
    }

    /**
     * Returns how many keys have pending or running tasks.
     *
     * @return the number of active keys
     */
    public int activeKeys() {
        return queues.size();
    }

    private final class Queue implements Runnable {

        private final K key;

        private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(4);

        Queue(K key) {
            this.key = key;
        }

        @Override
        public void run() {
            while (true) {
                Runnable next;
                synchronized (this) {
                    next = tasks.peek();
                }
                try {
                    next.run();
                }
                catch (RuntimeException | Error ex) {
                    log.error("Task for {} failed; later tasks of the key still run", key, ex);
                }
                boolean[] done = {false};
                queues.compute(key, (k, q) -> {
                    synchronized (this) {
                        tasks.poll();
                        if (tasks.isEmpty()) {
                            done[0] = true;
                            return null;
                        }
                    }
                    return q;
                });
                if (done[0]) {
                    return;
                }
            }
        }
    }
}
