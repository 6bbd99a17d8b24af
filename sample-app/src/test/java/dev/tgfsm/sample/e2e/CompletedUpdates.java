package dev.tgfsm.sample.e2e;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.dispatch.DispatchListener;

/**
 * Remembers which updates the dispatcher has finished (handled, failed, dropped by the rate limit or
 * skipped as duplicates; a conflict is not an end, the dispatcher runs the update again), so
 * that a test knows when every reply to an update, clean-up included, has been sent.
 */
public final class CompletedUpdates implements DispatchListener {

    private final Set<Integer> done = new HashSet<>();

    @Override
    public void handled(Update update, Duration took) {
        complete(update);
    }

    @Override
    public void failed(Update update, Throwable error) {
        complete(update);
    }

    @Override
    public void dropped(Update update) {
        complete(update);
    }

    @Override
    public void duplicate(Update update) {
        complete(update);
    }

    private synchronized void complete(Update update) {
        done.add(update.getUpdateId());
        notifyAll();
    }

    /**
     * Waits until an update is finished.
     *
     * @param updateId the update
     * @param timeout the longest wait
     * @throws AssertionError if it did not finish in time
     */
    public synchronized void await(int updateId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.contains(updateId)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Update " + updateId + " was not handled within " + timeout);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for update " + updateId, ex);
            }
        }
    }
}
