package dev.tgfsm.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs buttons whose typed callback data no longer parses (buttons sent before a deploy changed the
 * record): at most one warning per prefix per {@linkplain #DEFAULT_INTERVAL interval}, the others at
 * debug, counted into the next warning. After a deploy every user pressing an old button would
 * otherwise add a warning. Each typed callback route keeps its own (a typed route has one prefix), so
 * routes of other bots, and tests in one JVM, never share its windows. Thread-safe.
 */
final class StaleButtonLog {

    /** How often a prefix is warned about at most. */
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(Route.class);

    private final Clock clock;

    private final long intervalMillis;

    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    StaleButtonLog(Clock clock, Duration interval) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.intervalMillis = Objects.requireNonNull(interval, "interval must not be null").toMillis();
    }

    /**
     * Logs one stale button.
     *
     * @param prefix the record type's prefix
     * @param updateId the update
     * @param error why the data does not parse
     * @param route the route's name
     * @return {@code true} if it was logged as a warning
     */
    boolean stale(String prefix, int updateId, Object error, String route) {
        long now = clock.millis();
        Window window = windows.computeIfAbsent(prefix, p -> new Window());
        long suppressed = window.tryOpen(now, intervalMillis);
        if (suppressed < 0) {
            log.debug("Update {}: {}; the button is answered and no handler runs (route {})", updateId, error, route);
            return false;
        }
        log.warn("Update {}: {}; the button is answered and no handler runs (route {}){}", updateId, error, route,
                suppressed == 0 ? "" : "; " + suppressed + " more such button(s) with prefix '" + prefix
                        + "' since the last warning");
        return true;
    }

    /** The last warning of one prefix and the buttons since. */
    private static final class Window {

        private final AtomicLong warnedAt = new AtomicLong(Long.MIN_VALUE);

        private final AtomicLong since = new AtomicLong();

        /** Returns the buttons suppressed before if a warning is due now, else -1 (and counts this one). */
        long tryOpen(long now, long interval) {
            long last = warnedAt.get();
            if ((last == Long.MIN_VALUE || now - last >= interval) && warnedAt.compareAndSet(last, now)) {
                return since.getAndSet(0);
            }
            since.incrementAndGet();
            return -1;
        }
    }
}
