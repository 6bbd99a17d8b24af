package dev.tgfsm.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tgfsm.context.ContextConfig;

/**
 * Isolation of concurrent updates of one conversation across application instances
 * ({@code tgfsm.isolation.*}): the cross-instance lease lock.
 */
@ConfigurationProperties("tgfsm.isolation")
public class IsolationProperties {

    /**
     * Whether each update takes a lease lock in the storage, so that several application instances
     * never handle one conversation at the same time. Unset: on for the shared backends (Redis,
     * PostgreSQL, MariaDB/MySQL, or a user-defined storage), off for the single-process embedded
     * ones (memory, SQLite, H2), where the in-process guard is enough. On Redis the lock costs no
     * extra round trip (it is taken with the load and released with the commit).
     */
    private @Nullable Boolean distributed;

    /**
     * Lease of the cross-instance lock, judged by the store's clock; renewed every third of it
     * while a handler runs. It bounds how long a holder that died (a killed process) blocks its
     * conversation.
     */
    private Duration lockLease = ContextConfig.DEFAULT_LOCK_LEASE;

    /**
     * How long an update waits for a conversation locked by another holder before giving up to be
     * retried later. Keep it longer than the lease, so a lease left by a dead holder lapses within
     * one wait.
     */
    private Duration lockWait = ContextConfig.DEFAULT_LOCK_WAIT;

    /**
     * Returns whether cross-instance locks are taken.
     *
     * @return the flag, or {@code null} for the backend's default
     */
    public @Nullable Boolean getDistributed() {
        return distributed;
    }

    /**
     * Sets whether cross-instance locks are taken.
     *
     * @param distributed the flag, or {@code null} for the backend's default
     */
    public void setDistributed(@Nullable Boolean distributed) {
        this.distributed = distributed;
    }

    /**
     * Returns the lock lease.
     *
     * @return the lease
     */
    public Duration getLockLease() {
        return lockLease;
    }

    /**
     * Sets the lock lease.
     *
     * @param lockLease the lease
     */
    public void setLockLease(Duration lockLease) {
        this.lockLease = lockLease;
    }

    /**
     * Returns the lock wait.
     *
     * @return the wait
     */
    public Duration getLockWait() {
        return lockWait;
    }

    /**
     * Sets the lock wait.
     *
     * @param lockWait the wait
     */
    public void setLockWait(Duration lockWait) {
        this.lockWait = lockWait;
    }
}
