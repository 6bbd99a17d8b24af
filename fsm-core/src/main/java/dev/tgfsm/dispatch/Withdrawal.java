package dev.tgfsm.dispatch;

import java.util.concurrent.CancellationException;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.Internal;

/**
 * Lets the caller of {@link DispatcherHooks#submit} take an update back: a webhook that answered Telegram with an error hands the update back to
 * Telegram, which posts it again, perhaps to another instance; from then on this dispatcher must not
 * apply it. A withdrawn update is not started, not attempted again and not committed; an attempt
 * already committing finishes (its update id, stored with the record, then makes Telegram's new post
 * a duplicate). Withdrawing also forgets the update id among the dispatcher's recent ones, so that a
 * new post of it to this dispatcher is handled, not skipped.
 *
 * <p>When Telegram posts the update to this instance again while the withdrawn run has not yet given
 * up, {@link #reclaim()} takes it back: no other instance can be applying it then (each one that
 * answered an error withdrew its run), and a slow run is not started again from the beginning.
 *
 * <p>One instance serves one update; it is thread-safe.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class Withdrawal {

    private enum State { OPEN, WITHDRAWN, COMMITTING, GIVEN_UP, SETTLED }

    /** Ends a run whose update was withdrawn. */
    static final class Withdrawn extends CancellationException {

        private static final long serialVersionUID = 1L;

        Withdrawn() {
            super("The update was withdrawn by its caller before it was committed");
        }
    }

    private State state = State.OPEN;

    /** Where the update id was remembered, to forget it when withdrawn; {@code null} for none. */
    private @Nullable RecentUpdateIds recent;

    private int id;

    private boolean started;

    /** Creates a withdrawal for one update, to pass to the dispatcher with it. */
    public Withdrawal() {
    }

    /**
     * Takes the update back: this dispatcher will not start, attempt or commit it any more, unless
     * {@link #reclaim() reclaimed}.
     *
     * @return {@code true} if the update will not be applied by this dispatcher (unless reclaimed);
     *         {@code false} if it is being committed or is done (committed, a duplicate, or failed)
     */
    public synchronized boolean withdraw() {
        if (state == State.OPEN) {
            state = State.WITHDRAWN;
            if (recent != null) {
                recent.forget(id);
            }
        }
        return state == State.WITHDRAWN || state == State.GIVEN_UP;
    }

    /**
     * Undoes {@link #withdraw()} if the run has not given up yet.
     *
     * @return {@code true} if the run goes on (or is done) and its outcome can be awaited;
     *         {@code false} if it gave up, so the update must be submitted again
     */
    public synchronized boolean reclaim() {
        if (state == State.WITHDRAWN) {
            state = State.OPEN;
        }
        return state != State.GIVEN_UP;
    }

    /**
     * Binds the withdrawal to an accepted update: gives up at once if it was withdrawn before, else
     * runs the de-duplication check and remembers how to forget the update id.
     *
     * @param recent the recent update ids of the dispatcher
     * @param id the update id, or {@code null} for none (never a duplicate)
     * @return {@code true} if the update goes on; {@code false} if it was withdrawn or is a duplicate
     *         (see {@link #isGivenUp()})
     */
    synchronized boolean start(RecentUpdateIds recent, @Nullable Integer id) {
        if (started) {
            throw new IllegalArgumentException("A withdrawal serves one update only");
        }
        started = true;
        if (state == State.WITHDRAWN) {
            state = State.GIVEN_UP;
            return false;
        }
        if (id != null && !recent.add(id)) {
            state = State.SETTLED;
            return false;
        }
        if (id != null) {
            this.recent = recent;
            this.id = id;
        }
        return true;
    }

    /** Returns whether the run gave up because the update was withdrawn. */
    synchronized boolean isGivenUp() {
        return state == State.GIVEN_UP;
    }

    /** Returns whether the update is withdrawn and its run has not given up yet. */
    synchronized boolean isWithdrawn() {
        return state == State.WITHDRAWN;
    }

    /** Before an attempt: gives up if the update is withdrawn. */
    synchronized void checkNotWithdrawn() {
        if (state == State.WITHDRAWN || state == State.GIVEN_UP) {
            state = State.GIVEN_UP;
            throw new Withdrawn();
        }
    }

    /**
     * Commits unless the update is withdrawn; a failed commit leaves the update open for the next
     * attempt (or for withdrawing).
     *
     * @param commit the commit
     */
    void commit(Runnable commit) {
        synchronized (this) {
            checkNotWithdrawn();
            state = State.COMMITTING;
        }
        try {
            commit.run();
        }
        catch (RuntimeException | Error ex) {
            synchronized (this) {
                state = State.OPEN;
            }
            throw ex;
        }
    }

    /** The run is over (committed, skipped, failed or cancelled at shutdown). */
    synchronized void settle() {
        if (state != State.GIVEN_UP) {
            state = State.SETTLED;
        }
    }
}
