package dev.tgfsm.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

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
 * commits in between makes its own write conflict, and it is then done in a unit of work of
 * {@link FsmContexts#inTransaction}, under its lock.
 *
 * <p>{@link #start()} checks every poll interval on one daemon thread; {@link #stop()} (graceful
 * shutdown) stops it and writes every pending acknowledgement. Tests call {@link #flushDue()} after
 * moving the clock.
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
        this.poller = new BackgroundSweeper("tgfsm-outbox",
                () -> OutboundPriority.background(() -> flushDue()), pollInterval);
    }

    /**
     * Handles every conversation whose acknowledgement or redelivery is due now.
     *
     * @return how many conversations were handled
     */
    public int flushDue() {
        return flush(relay.takeDue(clock.millis()));
    }

    /**
     * Writes every pending acknowledgement now, due or not (for a graceful shutdown).
     *
     * @return how many conversations were handled
     */
    public int flushAll() {
        return flush(relay.takeAllPending());
    }

    /**
     * Writes the conversations' acknowledgements with one load and one pipelined write for all of
     * them (on Redis Cluster one of each per server), without the conversations' locks, each
     * version-checked. A conversation that changed meanwhile, or all of them when a record cannot
     * be read, is done again one conversation at a time under its lock; one whose write failed
     * otherwise is retried later.
     */
    private int flush(List<StorageKey> keys) {
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
        List<StorageKey> again = new ArrayList<>();
        for (Map.Entry<StorageKey, RuntimeException> e : failed.entrySet()) {
            if (e.getValue() instanceof FsmConflictException || e.getValue() instanceof CorruptRecordException) {
                again.add(e.getKey());
            }
            else {
                log.warn("Could not store the outbox acknowledgements of {}; retried later: {}", e.getKey(),
                        e.getValue().toString());
                relay.schedule(e.getKey(), clock.millis() + relay.config().ackDelay().toMillis());
            }
        }
        return n + flushEach(again);
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
     * Runs the background checks on the given executor instead of a daemon thread of their own, from
     * the next {@link #start()} on (the starter passes one built with Spring Boot's scheduler
     * builder); {@link #stop()} cancels them and leaves the executor to its owner.
     *
     * @param executor runs the checks
     */
    public void runOn(ScheduledExecutorService executor) {
        poller.runOn(executor);
    }

    /**
     * Starts checking on a daemon thread. Idempotent.
     */
    public synchronized void start() {
        stopped = false;
        poller.start();
    }

    /**
     * Stops checking and writes every pending acknowledgement, once: later calls (the container's
     * destroy after its lifecycle stop, when the storage may be closed) do nothing.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        poller.stop();
        int n = flushAll();
        if (n > 0) {
            log.debug("Stored the outbox acknowledgements of {} conversation(s) on shutdown", n);
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
