package dev.tgfsm.dispatch;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.StorageUnavailableException;

/**
 * Whether the storage is down, as seen by the dispatcher's units of work, and which conversations
 * have been affected during the current outage.
 *
 * <p>An outage begins with the first attempt that fails with
 * {@link StorageUnavailableException} and ends with the first attempt, begun after
 * it, that gets through. Attempts are judged by when they began: an attempt that began before the
 * outage ended and failed afterwards (a command that timed out while the store was frozen) belongs to
 * the outage that is over and does not start a new one; one that began before the outage and
 * succeeded after it started does not end it. Times are {@link System#nanoTime()} values. Thread-safe.
 */
final class StorageOutage {

    private final Set<StorageKey> affected = new HashSet<>();

    private boolean down;

    private long downSince;

    private boolean recovered;

    private long upSince;

    /**
     * Records an attempt that failed because the storage was unavailable.
     *
     * @param key the conversation, or {@code null}
     * @param attemptBegan when the attempt began
     * @return {@code true} if this is the conversation's first failure in the current outage
     */
    synchronized boolean failed(@Nullable StorageKey key, long attemptBegan) {
        if (recovered && attemptBegan - upSince < 0) {
            return false;
        }
        if (!down) {
            down = true;
            downSince = System.nanoTime();
        }
        return key != null && affected.add(key);
    }

    /**
     * Counts a conversation whose update waits (queued behind others) during the current outage.
     *
     * @param key the conversation
     * @return {@code true} if an outage is going on and the conversation was not affected yet
     */
    synchronized boolean affect(StorageKey key) {
        return down && affected.add(key);
    }

    /**
     * Records an attempt that got through to the storage.
     *
     * @param attemptBegan when the attempt began
     * @return how long the outage lasted if this attempt ended it, else {@code null}
     */
    synchronized @Nullable Duration succeeded(long attemptBegan) {
        if (!down || attemptBegan - downSince < 0) {
            return null;
        }
        long now = System.nanoTime();
        down = false;
        recovered = true;
        upSince = now;
        affected.clear();
        notifyAll();
        return Duration.ofNanos(now - downSince);
    }

    /** Returns whether an outage is going on. */
    synchronized boolean isDown() {
        return down;
    }

    /** Waits until no outage is going on, at most {@code timeout}; returns whether the storage is up. */
    synchronized boolean awaitUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (down) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
