package dev.tgfsm.telegram;

import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The long-polling intake's bookkeeping of update ids: which updates were seen, which are still in
 * flight, and the offset that confirms exactly those that are done.
 *
 * <p>Telegram returns the updates from the requested offset on, in ascending id order, and a request
 * confirms every update below its offset. So the offset is the lowest id still in flight, or one past
 * the highest id seen when nothing is in flight. Updates at or below the highest id seen are not new:
 * Telegram sends them again while the offset stays below them (they are in flight, or done but not yet
 * confirmable because an older one is still in flight), and they are ignored. Thread-safe.
 */
final class UpdateOffsets {

    private final TreeSet<Integer> inFlight = new TreeSet<>();

    /** The ids seen from the offset on, in flight or done: what Telegram answers again. */
    private final TreeSet<Integer> unconfirmed = new TreeSet<>();

    private long highestSeen = -1;

    /**
     * Takes an id from a {@code getUpdates} answer.
     *
     * @param updateId the id
     * @return {@code true} if the update is new and is now in flight; {@code false} if it was seen before
     */
    synchronized boolean accept(int updateId) {
        if (updateId <= highestSeen) {
            return false;
        }
        highestSeen = updateId;
        inFlight.add(updateId);
        unconfirmed.add(updateId);
        return true;
    }

    /**
     * Tells whether an id is above every id seen so far, without taking it (see {@link #accept}).
     *
     * @param updateId the id
     * @return {@code true} if {@link #accept} would take it now
     */
    synchronized boolean isNew(int updateId) {
        return updateId > highestSeen;
    }

    /**
     * Marks an update done (committed, or deliberately skipped): the offset may move past it.
     *
     * @param updateId the id
     */
    synchronized void done(int updateId) {
        if (inFlight.isEmpty() || inFlight.first() != updateId) {
            // not the lowest in flight: the offset and what an answer brings again stay as they were,
            // so the waiting poller is not woken (most updates finish behind an older one)
            inFlight.remove(updateId);
            return;
        }
        inFlight.pollFirst();
        if (inFlight.isEmpty()) {
            unconfirmed.clear();
        }
        else {
            unconfirmed.headSet(inFlight.first()).clear();
        }
        notifyAll();
    }

    /**
     * Returns the offset for the next {@code getUpdates}: it confirms every update that is done and
     * none that is not.
     *
     * @return the offset, or 0 before any update was seen (Telegram then starts at its oldest
     *         unconfirmed update)
     */
    synchronized long offset() {
        if (!inFlight.isEmpty()) {
            return inFlight.first();
        }
        return highestSeen < 0 ? 0 : highestSeen + 1;
    }

    /**
     * Returns how many updates are in flight.
     *
     * @return the count
     */
    synchronized int inFlight() {
        return inFlight.size();
    }

    /**
     * Waits until a {@code getUpdates} of {@code limit} updates from the offset would bring at least
     * {@code fresh} updates not seen yet, at most {@code timeout}. Telegram answers again every update
     * from the offset (the lowest in flight) to the highest seen, so while many are in flight or done
     * behind one in flight an answer holds mostly updates that are only skipped; waiting for some to be
     * done first saves fetching and reading them again. Those updates are counted, not their ids'
     * spread: ids have gaps.
     *
     * @param limit the most updates one answer holds
     * @param fresh how many new updates an answer should at least have room for
     * @param timeout the longest wait
     * @return {@code true} if there is room (now or after waiting)
     * @throws InterruptedException if interrupted
     */
    synchronized boolean awaitRoom(int limit, int fresh, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unconfirmed.size() > limit - fresh) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /**
     * Waits until the offset differs from {@code offset}, at most {@code timeout}.
     *
     * @param offset the offset last used
     * @param timeout the longest wait
     * @return {@code true} if the offset moved
     * @throws InterruptedException if interrupted
     */
    synchronized boolean awaitOffsetAfter(long offset, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (offset() == offset) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
