package dev.tgfsm.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbound.OutboundPriority;
import dev.tgfsm.storage.BackgroundSweeper;

/**
 * Writes what no update of the conversation carried: acknowledgements of deliveries older than
 * {@link OutboxConfig#ackDelay()}, and redeliveries of entries that came of age (another run's
 * entries seen while still young, this run's failed sends). Each conversation is handled in a unit
 * of work of {@link FsmContexts#inTransaction}, which takes the conversation's cross-instance lock
 * when one is configured, so it never races an update in flight.
 *
 * <p>{@link #start()} checks every poll interval on one daemon thread; {@link #stop()} (graceful
 * shutdown) stops it and writes every pending acknowledgement. Tests call {@link #flushDue()} after
 * moving the clock.
 */
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

    private int flush(List<StorageKey> keys) {
        int n = 0;
        for (StorageKey key : keys) {
            try {
                contexts.inTransaction(key, tx -> tx.context().getMeta(OutboxRelay.META));
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
