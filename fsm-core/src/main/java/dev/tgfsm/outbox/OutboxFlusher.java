package dev.tgfsm.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.Internal;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbound.OutboundPriority;
import dev.tgfsm.storage.BackgroundSweeper;
import dev.tgfsm.storage.FsmConflictException;

/**
 * Writes what no update of the conversation carried: acknowledgements of deliveries older than
 * {@link OutboxConfig#ackDelay()}, and redeliveries of entries that came of age (another run's
 * entries seen while still young, this run's failed sends). All the conversations due at one check
 * are handled together ({@link FsmTransactions#inOneWrite}): one load and one pipelined write of
 * version-checked changes for all of them (per Redis Cluster hash slot), so the background costs
 * two round trips per check, not per conversation. Without the locks: a conversation whose update
 * commits in between makes its own write conflict; those are loaded and written once more together,
 * and one that conflicts again is then done in a unit of work of {@link FsmContexts#inTransaction},
 * under its lock.
 *
 * <p>A check only writes: the acknowledgements and the take-overs (each version-checked, so of two
 * instances taking one entry over only the one whose write succeeded sends it). The taken-over
 * entries are sent after the check, by one sending task at a time, so a redelivery that is slow or
 * waits for flood-control permits never delays the next check's acknowledgements: an acknowledgement
 * late by a send could let another instance take a delivered entry over and send it again.
 *
 * <p>{@link #start()} checks every poll interval on one daemon thread and sends on another;
 * {@link #stop()} (graceful shutdown) stops checking, waits up to 5 s for the send in progress, sends
 * what is left and writes every pending acknowledgement. Tests call {@link #flushDue()} after moving
 * the clock.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class OutboxFlusher implements AutoCloseable {

    /** The default interval between checks. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

    private static final Logger log = LoggerFactory.getLogger(OutboxFlusher.class);

    private final FsmContexts contexts;

    private final OutboxRelay relay;

    private final Clock clock;

    private final BackgroundSweeper poller;

    /** The sends the background checks took over, in order, not yet made. */
    private final Queue<Runnable> toSend = new ConcurrentLinkedQueue<>();

    /** Held by the one task sending {@link #toSend}. */
    private final ReentrantLock sending = new ReentrantLock();

    /** The executor given to {@link #runOn}; {@code null} for a thread of the flusher's own. */
    private @Nullable ScheduledExecutorService shared;

    /** The thread of the flusher's own that sends, between start and stop without {@link #runOn}. */
    private @Nullable ExecutorService own;

    /** Runs the sends between start and stop; {@code null} otherwise, then checks send themselves. */
    private volatile @Nullable Executor sender;

    private boolean stopped;

    /**
     * Creates a flusher.
     *
     * @param contexts opens the units of work (and must use {@code relay})
     * @param relay knows what is pending
     * @param clock the time
     * @param pollInterval how often {@link #start()} checks
     */
    public OutboxFlusher(FsmContexts contexts, OutboxRelay relay, Clock clock, Duration pollInterval) {
        this.contexts = Objects.requireNonNull(contexts, "contexts must not be null");
        this.relay = Objects.requireNonNull(relay, "relay must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        Objects.requireNonNull(pollInterval, "pollInterval must not be null");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
        }
        this.poller = new BackgroundSweeper("tgfsm-outbox", () -> OutboundPriority.background(this::check),
                pollInterval);
    }

    /**
     * Handles every conversation whose acknowledgement or redelivery is due now: writes all of them,
     * then sends the entries it took over, on the calling thread.
     *
     * @return how many conversations were handled
     */
    public int flushDue() {
        List<Runnable> sends = new ArrayList<>();
        try {
            return relay.collectingSends(sends, () -> flush(relay.takeDue(clock.millis())));
        }
        finally {
            sends.forEach(OutboxFlusher::sendQuietly);
        }
    }

    /**
     * Writes every pending acknowledgement now, due or not (for a graceful shutdown), then sends the
     * entries it took over on the way, on the calling thread.
     *
     * @return how many conversations were handled
     */
    public int flushAll() {
        List<Runnable> sends = new ArrayList<>();
        try {
            return relay.collectingSends(sends, () -> flush(relay.takeAllPending()));
        }
        finally {
            sends.forEach(OutboxFlusher::sendQuietly);
        }
    }

    /** The background check: writes what is due, then hands the sends of its take-overs on. */
    private void check() {
        List<Runnable> sends = new ArrayList<>();
        try {
            relay.collectingSends(sends, () -> flush(relay.takeDue(clock.millis())));
        }
        finally {
            handOn(sends);
        }
    }

    /** Queues the sends for the sending task, and starts it unless it runs already. */
    private void handOn(List<Runnable> sends) {
        if (sends.isEmpty()) {
            return;
        }
        toSend.addAll(sends);
        Executor executor = sender;
        if (executor == null) {
            sendQueued();
            return;
        }
        try {
            executor.execute(this::sendInBackground);
        }
        catch (RejectedExecutionException ex) {
            sendQueued();
        }
    }

    /**
     * The sending task: sends what the checks took over unless another task does already (that one
     * then also sends what was added meanwhile), and starts again for sends added as it finished.
     */
    private void sendInBackground() {
        if (!sending.tryLock()) {
            return;
        }
        try {
            OutboundPriority.background(this::drain);
        }
        finally {
            sending.unlock();
        }
        Executor executor = sender;
        if (!toSend.isEmpty() && executor != null) {
            try {
                executor.execute(this::sendInBackground);
            }
            catch (RejectedExecutionException ex) {
                log.debug("The outbox's sending thread is stopped; {} redelivery(ies) left to the next sender",
                        toSend.size());
            }
        }
    }

    /** Sends what the checks took over, on the calling thread. */
    private void sendQueued() {
        sending.lock();
        try {
            drain();
        }
        finally {
            sending.unlock();
        }
    }

    private void drain() {
        for (Runnable send = toSend.poll(); send != null; send = toSend.poll()) {
            sendQuietly(send);
        }
    }

    private static void sendQuietly(Runnable send) {
        try {
            send.run();
        }
        catch (RuntimeException ex) {
            log.warn("Sending a redelivery of the outbox failed; it stays pending: {}", ex.toString());
        }
    }

    /**
     * Writes the conversations' acknowledgements with one load and one pipelined write for all of
     * them (on Redis Cluster one of each per server), without the conversations' locks, each
     * version-checked. The conversations that changed meanwhile are loaded and written once more
     * together; one that changed again, or all of them when a record cannot be read, is done one
     * conversation at a time under its lock; one whose write failed otherwise is retried later.
     */
    private int flush(List<StorageKey> keys) {
        return flush(keys, true);
    }

    /**
     * Writes the conversations' acknowledgements together; see {@link #flush(List)}.
     *
     * @param again whether the conversations that changed meanwhile are written together once more
     *        (else each under its lock)
     */
    private int flush(List<StorageKey> keys, boolean again) {
        if (keys.isEmpty()) {
            return 0;
        }
        Map<StorageKey, RuntimeException> failed;
        try {
            failed = FsmTransactions.inOneWrite(contexts, keys, tx -> tx.context().getMeta(OutboxRelay.META));
        }
        catch (CorruptRecordException ex) {
            return flushEach(keys);
        }
        catch (RuntimeException ex) {
            failed = new LinkedHashMap<>();
            for (StorageKey key : keys) {
                failed.put(key, ex);
            }
        }
        int n = keys.size() - failed.size();
        List<StorageKey> changed = new ArrayList<>();
        for (Map.Entry<StorageKey, RuntimeException> e : failed.entrySet()) {
            if (e.getValue() instanceof FsmConflictException || e.getValue() instanceof CorruptRecordException) {
                changed.add(e.getKey());
            }
            else {
                log.warn("Could not store the outbox acknowledgements of {}; retried later: {}", e.getKey(),
                        e.getValue().toString());
                relay.schedule(e.getKey(), clock.millis() + relay.config().ackDelay().toMillis());
            }
        }
        // the first write's load may be seconds old on a busy store: most conversations that changed
        // since succeed in a second, smaller write, while each under its lock waits for its update
        return n + (again ? flush(changed, false) : flushEach(changed));
    }

    /** Writes each conversation's acknowledgements in a unit of work of its own, under its lock. */
    private int flushEach(List<StorageKey> keys) {
        int n = 0;
        for (StorageKey key : keys) {
            try {
                FsmTransactions.inTransaction(contexts, key, tx -> tx.context().getMeta(OutboxRelay.META));
                n++;
            }
            catch (RuntimeException ex) {
                log.warn("Could not store the outbox acknowledgements of {}; retried later: {}", key, ex.toString());
                relay.schedule(key, clock.millis() + relay.config().ackDelay().toMillis());
            }
        }
        return n;
    }

    /**
     * Runs the background checks and sends on the given executor instead of daemon threads of their
     * own, from the next {@link #start()} on (the starter passes one built with Spring Boot's
     * scheduler builder; it needs two threads, so that a check is not queued behind a send);
     * {@link #stop()} cancels the checks and leaves the executor to its owner.
     *
     * @param executor runs the checks and the sends
     */
    public synchronized void runOn(ScheduledExecutorService executor) {
        poller.runOn(executor);
        this.shared = executor;
    }

    /**
     * Starts checking on a daemon thread, and sending on another. Idempotent.
     */
    public synchronized void start() {
        stopped = false;
        if (sender == null) {
            if (shared != null) {
                sender = shared;
            }
            else {
                own = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "tgfsm-outbox-send");
                    t.setDaemon(true);
                    return t;
                });
                sender = own;
            }
        }
        poller.start();
    }

    /**
     * Stops checking, waits up to 5 s for the send in progress, sends the rest of the taken-over
     * entries and writes every pending acknowledgement, once: later calls (the container's destroy
     * after its lifecycle stop, when the storage may be closed) do nothing.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        poller.stop();
        sender = null;
        sendLeftOver();
        if (own != null) {
            own.shutdown();
            own = null;
        }
        int n = flushAll();
        if (n > 0) {
            log.debug("Stored the outbox acknowledgements of {} conversation(s) on shutdown", n);
        }
    }

    /** Waits up to 5 s for the send in progress, then sends what the checks left, here. */
    private void sendLeftOver() {
        try {
            if (!sending.tryLock(5, TimeUnit.SECONDS)) {
                log.debug("An outbox redelivery is still being sent after 5 s; stopping without waiting for it");
                return;
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            OutboundPriority.background(this::drain);
        }
        finally {
            sending.unlock();
        }
    }

    /**
     * Tells whether checking runs.
     *
     * @return {@code true} between {@link #start()} and {@link #stop()}
     */
    public boolean isRunning() {
        return poller.isRunning();
    }

    /**
     * Same as {@link #stop()}.
     */
    @Override
    public void close() {
        stop();
    }
}
