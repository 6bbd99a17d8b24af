package dev.tgfsm.autoconfigure.middleware;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tgfsm.conversation.ChatMigration;

/**
 * Settings of group migrations ({@code tgfsm.chat-migration.*}): when a group becomes a supergroup,
 * its conversations move to the supergroup's chat id ({@link ChatMigration}).
 */
@ConfigurationProperties("tgfsm.chat-migration")
public class ChatMigrationProperties {

    /**
     * Whether a group's conversations follow it when it becomes a supergroup. On by default: the old
     * chat id is dead after the upgrade, so its conversations could never be continued there.
     */
    private boolean enabled = true;

    /** The lease held on each conversation while it moves. */
    private Duration lease = ChatMigration.DEFAULT_LEASE;

    /** The longest wait for a busy conversation's lock before the move fails (and is retried). */
    private Duration lockWait = ChatMigration.DEFAULT_LOCK_WAIT;

    /**
     * Tells whether migrations are on.
     *
     * @return {@code true} if on
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Turns migrations on or off.
     *
     * @param enabled {@code true} for on
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Returns the lease held on each conversation while it moves.
     *
     * @return the lease
     */
    public Duration getLease() {
        return lease;
    }

    /**
     * Sets the lease held on each conversation while it moves.
     *
     * @param lease the lease, positive
     */
    public void setLease(Duration lease) {
        this.lease = lease;
    }

    /**
     * Returns the longest wait for a busy conversation's lock.
     *
     * @return the wait
     */
    public Duration getLockWait() {
        return lockWait;
    }

    /**
     * Sets the longest wait for a busy conversation's lock.
     *
     * @param lockWait the wait
     */
    public void setLockWait(Duration lockWait) {
        this.lockWait = lockWait;
    }
}
