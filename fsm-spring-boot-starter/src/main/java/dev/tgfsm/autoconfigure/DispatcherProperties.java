package dev.tgfsm.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The update dispatcher ({@code tgfsm.dispatcher.*}): its worker threads, back-pressure and shutdown.
 */
@ConfigurationProperties("tgfsm.dispatcher")
public class DispatcherProperties {

    /** The default number of dispatcher worker threads. */
    public static final int DEFAULT_THREADS = 8;

    /** The default number of accepted but unfinished updates before the poller is slowed down. */
    public static final int DEFAULT_MAX_PENDING = 1000;

    /** The default time the dispatcher waits for updates in flight when the application stops. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /** Worker threads; different conversations are handled in parallel up to this number. */
    private int threads = DEFAULT_THREADS;

    /** Updates accepted but not yet finished before the poller is made to wait (back-pressure). */
    private int maxPending = DEFAULT_MAX_PENDING;

    /** How long stopping the application waits for updates in flight. */
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

    /**
     * Returns the number of worker threads.
     *
     * @return the threads
     */
    public int getThreads() {
        return threads;
    }

    /**
     * Sets the number of worker threads.
     *
     * @param threads the threads
     */
    public void setThreads(int threads) {
        this.threads = threads;
    }

    /**
     * Returns the back-pressure limit.
     *
     * @return the limit
     */
    public int getMaxPending() {
        return maxPending;
    }

    /**
     * Sets the back-pressure limit.
     *
     * @param maxPending the limit
     */
    public void setMaxPending(int maxPending) {
        this.maxPending = maxPending;
    }

    /**
     * Returns the shutdown timeout.
     *
     * @return the timeout
     */
    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    /**
     * Sets the shutdown timeout.
     *
     * @param shutdownTimeout the timeout
     */
    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }
}
