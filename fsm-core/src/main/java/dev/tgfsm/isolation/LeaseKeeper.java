package dev.tgfsm.isolation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.Internal;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.DeadlineChange;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.LockTimeoutException;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.ThrottleResult;
import dev.tgfsm.storage.ThrottleStorage;
import dev.tgfsm.storage.WriteBatch;

/**
 * Takes, renews and releases the cross-instance lease locks of conversations.
 *
 * <p>Taking a lock loads the records the update needs in the same round trip. A busy lock is
 * retried with an exponential, jittered back-off (1 ms doubling to 50 ms, never longer than the
 * holder's remaining lease), not polled at a fixed interval, and the wait is bounded: past it a
 * {@link LockTimeoutException} says which conversation was busy and for how long its holder's lease
 * still runs. One acquisition keeps one token for all its attempts, and a backend treats a lock
 * already held with that token as taken, so a request that timed out on the client but ran on the
 * store later is the caller's own lock, not an orphan; when the acquisition gives up (time out,
 * interrupt, store unreachable) it unlocks that token on a best-effort basis. While held, a lease is renewed
 * every third of its duration; if a renewal finds the lease gone, the holder is marked as having
 * lost it, and its commit is still refused by the version check, so a writer whose lease lapsed
 * never overwrites a newer record.
 *
 * <p>Renewals cost the update nothing: the held locks are kept in one set, and one sweep on the
 * renewal executor renews those due, then schedules itself for the next one due. Taking a lock adds
 * it to the set and schedules a sweep only when none is pending early enough (the first lock after an
 * idle spell, or a shorter lease than the others'); releasing removes it. Most locks are released
 * long before their first renewal, so a busy bot schedules about one sweep per third of a lease, not
 * one task per update (a task per lock cost a wake-up of the renewal thread and two operations on
 * its queue per update).
 *
 * <p>One keeper serves a whole application; {@link #close()} stops its renewal thread.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class LeaseKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ScheduledExecutorService renewals;

    /** Whether {@link #close()} shuts {@link #renewals} down (the keeper made it). */
    private final boolean ownsRenewals;

    /** The locks held now, each until its release or the loss of its lease. */
    private final Set<Held> held = ConcurrentHashMap.newKeySet();

    /** When the earliest pending sweep runs ({@link System#nanoTime()}), or {@link Long#MAX_VALUE} for none. */
    private final AtomicLong sweepAt = new AtomicLong(Long.MAX_VALUE);

    /** The sweep scheduled last, cancelled by {@link #close()}. */
    private volatile @Nullable ScheduledFuture<?> pendingSweep;

    /**
     * Creates a keeper with its own renewal thread (a daemon).
     */
    public LeaseKeeper() {
        this.renewals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tgfsm-lease-renewal");
            t.setDaemon(true);
            return t;
        });
        this.ownsRenewals = true;
    }

    /**
     * Creates a keeper that renews leases on the given executor (the starter passes one built with
     * Spring Boot's scheduler builder). The executor stays the caller's: {@link #close()} does not shut
     * it down, and a renewal still scheduled when it closes is cancelled with the lock's release.
     *
     * @param renewals runs the renewals; it should not be busy with long jobs, as a late renewal lets
     *        a lease lapse
     */
    public LeaseKeeper(ScheduledExecutorService renewals) {
        this.renewals = Objects.requireNonNull(renewals, "renewals must not be null");
        this.ownsRenewals = false;
    }

    /**
     * Takes the lock of a conversation, waiting for it if needed, and loads records with it.
     *
     * @param storage the storage
     * @param key any key of the conversation
     * @param leaseTime how long the lease lasts between renewals
     * @param wait the longest wait for a busy lock
     * @param preload the records to load once the lock is taken
     * @return the held lock with the loaded records
     * @throws LockTimeoutException if the lock stayed busy for the whole wait
     */
    public Held acquire(FsmStorage storage, StorageKey key, Duration leaseTime, Duration wait,
            List<StorageKey> preload) {
        return acquire(storage, key, leaseTime, wait, preload, null, null);
    }

    /**
     * Takes the lock of a conversation as {@link #acquire(FsmStorage, StorageKey, Duration, Duration, List)}
     * does, with a rate-limit step riding in the first attempt
     * ({@link ThrottleStorage#lockAndLoad(StorageKey, Lease, java.util.Collection, ThrottleRequest)}):
     * {@code decided} hears its result as soon as it is known, before any wait for a busy lock. A
     * refused request takes no lock: then this returns {@code null}, and nothing is left to release.
     * When the first attempt fails (the store unavailable) {@code decided} hears nothing and the
     * exception comes out.
     *
     * @param storage the storage
     * @param key any key of the conversation
     * @param leaseTime how long the lease lasts between renewals
     * @param wait the longest wait for a busy lock
     * @param preload the records to load once the lock is taken
     * @param throttle the rate-limit step, or {@code null} for none
     * @param decided told the step's result, once; required with a step
     * @return the held lock with the loaded records, or {@code null} if the step refused
     * @throws LockTimeoutException if the lock stayed busy for the whole wait
     */
    public Held acquire(FsmStorage storage, StorageKey key, Duration leaseTime, Duration wait, List<StorageKey> preload,
            ThrottleRequest throttle, Consumer<ThrottleResult> decided) {
        return acquire(storage, key, leaseTime, wait, preload, throttle, decided, Lease.NO_TURN);
    }

    /**
     * Takes the lock of a conversation for an update as
     * {@link #acquire(FsmStorage, StorageKey, Duration, Duration, List, ThrottleRequest, Consumer)}
     * does, asking for the update's turn ({@link Lease#turn()}): while the lock is busy the update
     * id stays announced in the store (each attempt renews the announcement for one lease), and the
     * lock is granted only when no lower announced update id of the conversation is still live.
     *
     * @param storage the storage
     * @param key any key of the conversation
     * @param leaseTime how long the lease (and an announcement) lasts
     * @param wait the longest wait for a busy lock
     * @param preload the records to load once the lock is taken
     * @param throttle the rate-limit step, or {@code null} for none
     * @param decided told the step's result, once; required with a step
     * @param turn the update id, or {@link Lease#NO_TURN}
     * @return the held lock with the loaded records, or {@code null} if the step refused
     * @throws LockTimeoutException if the lock stayed busy for the whole wait
     */
    public Held acquire(FsmStorage storage, StorageKey key, Duration leaseTime, Duration wait, List<StorageKey> preload,
            ThrottleRequest throttle, Consumer<ThrottleResult> decided, long turn) {
        Objects.requireNonNull(storage, "storage must not be null");
        if (throttle != null) {
            Objects.requireNonNull(decided, "decided must not be null with a throttle request");
        }
        ThrottleRequest riding = throttle;
        Lease lease = Lease.random(leaseTime, turn);
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        long backoff = TimeUnit.MILLISECONDS.toNanos(1);
        boolean acquired = false;
        try {
            while (true) {
                LockAttempt attempt = riding == null ? storage.lockAndLoad(key, lease, preload)
                        : ThrottleStorage.of(storage).lockAndLoad(key, lease, preload, riding);
                if (riding != null) {
                    riding = null;
                    if (attempt.throttled()) {
                        acquired = true; // nothing was taken, nothing to release
                        decided.accept(attempt.throttle());
                        return null;
                    }
                    decided.accept(attempt.throttle());
                }
                if (attempt.acquired()) {
                    Held taken = new Held(this, storage, key, lease, attempt.records());
                    keep(taken);
                    acquired = true;
                    return taken;
                }
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    throw new LockTimeoutException(key, Duration.ofNanos(now - start), attempt.holderRemaining());
                }
                long pause = Math.min(backoff,
                        Math.max(attempt.holderRemaining().toNanos(), TimeUnit.MICROSECONDS.toNanos(200)));
                pause = Math.min(pause + ThreadLocalRandom.current().nextLong(pause / 2 + 1), deadline - now);
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.max(pause, 0));
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new LockTimeoutException(key, Duration.ofNanos(System.nanoTime() - start),
                            attempt.holderRemaining());
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
            }
        }
        finally {
            if (!acquired) {
                unlockQuietly(storage, key, lease);
            }
        }
    }

    /**
     * Releases a lease that the caller may or may not hold, after an acquisition gave up: a request
     * that timed out on the client may still have run on the store and taken the lock with this
     * token. If the store cannot be reached, the lease lapses by itself.
     */
    private static void unlockQuietly(FsmStorage storage, StorageKey key, Lease lease) {
        try {
            if (storage.unlock(key, lease)) {
                log.debug("Released the lock of {} that a timed-out request of this process had taken", key);
            }
        }
        catch (RuntimeException ex) {
            log.debug("Could not release a possibly taken lock of {}; it lapses within {}: {}", key,
                    lease.duration(), ex.toString());
        }
    }

    /** Renews a lock from now on, until its release; schedules a sweep if none runs early enough. */
    private void keep(Held lock) {
        held.add(lock);
        try {
            sweepBy(lock.renewAt);
        }
        catch (RuntimeException ex) {
            held.remove(lock); // the executor refused the sweep (shut down): the caller unlocks
            throw ex;
        }
    }

    /**
     * Makes sure a sweep runs by {@code due}. {@link #sweepAt} names the pending sweep: whenever it
     * holds a time, a sweep for that time is scheduled, and a sweep runs only while it is still the
     * one named (one superseded by an earlier sweep ends at once). A lock added to {@link #held}
     * before this call is seen by that sweep, which clears {@link #sweepAt} before reading the set.
     */
    private void sweepBy(long due) {
        while (true) {
            long pending = sweepAt.get();
            if (pending != Long.MAX_VALUE && pending - due <= 0) {
                return;
            }
            if (sweepAt.compareAndSet(pending, due)) {
                try {
                    pendingSweep = renewals.schedule(() -> sweep(due), Math.max(0, due - System.nanoTime()),
                            TimeUnit.NANOSECONDS);
                }
                catch (RuntimeException ex) {
                    sweepAt.compareAndSet(due, Long.MAX_VALUE);
                    throw ex;
                }
                return;
            }
        }
    }

    /** Renews every held lock that is due, then schedules the sweep of the next one due. */
    private synchronized void sweep(long at) {
        if (!sweepAt.compareAndSet(at, Long.MAX_VALUE)) {
            return; // superseded: a sweep for an earlier time was scheduled, or ran and scheduled its own
        }
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        boolean any = false;
        for (Held lock : held) {
            if (lock.renewAt - now <= 0) {
                lock.renew();
                if (!held.contains(lock)) {
                    continue; // released meanwhile, or its lease was lost
                }
                lock.renewAt = System.nanoTime() + lock.period;
            }
            if (!any || lock.renewAt - next < 0) {
                next = lock.renewAt;
                any = true;
            }
        }
        if (any) {
            sweepBy(next);
        }
    }

    /**
     * Stops renewing leases when the keeper made its own thread; an executor given to the
     * constructor is left to its owner.
     */
    @Override
    public void close() {
        if (ownsRenewals) {
            renewals.shutdownNow();
        }
        else {
            ScheduledFuture<?> sweep = pendingSweep;
            if (sweep != null) {
                sweep.cancel(false);
            }
        }
    }

    /**
     * Returns how many locks this keeper holds and renews now.
     *
     * @return the count
     */
    int heldCount() {
        return held.size();
    }

    /**
     * A lock held by this process.
     */
    public static final class Held {

        private final LeaseKeeper keeper;

        private final FsmStorage storage;

        private final StorageKey key;

        private final Lease lease;

        private final Map<StorageKey, FsmRecord> records;

        /** A third of the lease, in nanoseconds: how often it is renewed. */
        private final long period;

        /** When the next renewal is due ({@link System#nanoTime()}); written by the keeper's sweep only. */
        private volatile long renewAt;

        private volatile boolean released;

        Held(LeaseKeeper keeper, FsmStorage storage, StorageKey key, Lease lease, Map<StorageKey, FsmRecord> records) {
            this.keeper = keeper;
            this.storage = storage;
            this.key = key;
            this.lease = lease;
            this.records = records;
            this.period = Math.max(TimeUnit.MILLISECONDS.toNanos(1), lease.duration().toNanos() / 3);
            this.renewAt = System.nanoTime() + period;
        }

        /**
         * Renews the lease on the store; stops renewing it if the store says it is gone. A lock released
         * while the sweep got to it is gone by its own release: not a lost lease.
         */
        private void renew() {
            try {
                if (!storage.renewLock(key, lease) && !released) {
                    log.warn(
                            "Lease of {} was lost before the update finished; its commit will be refused if another writer got in",
                            key);
                    stopRenewing();
                }
            }
            catch (RuntimeException ex) {
                log.debug("Could not renew the lease of {}: {}", key, ex.toString());
            }
        }

        private void stopRenewing() {
            keeper.held.remove(this);
        }

        /**
         * Returns the records loaded with the lock.
         *
         * @return the records by key
         */
        public Map<StorageKey, FsmRecord> records() {
            return records;
        }

        /**
         * Returns the lease.
         *
         * @return the lease
         */
        public Lease lease() {
            return lease;
        }

        /**
         * Tells whether the lock has been released.
         *
         * @return {@code true} once released
         */
        public boolean isReleased() {
            return released;
        }

        /**
         * Releases the lock, writing the given records in the same step.
         *
         * @param storage the storage
         * @param writes the writes to apply atomically with the release, or {@code null} to only unlock
         * <p>The lock is released whatever happens: with the write, by the store's own release on a
         * version conflict, or, when the save fails in any other way (a record over the size limit,
         * a value the codec refuses, the store unreachable), by a separate best-effort unlock; if even
         * that cannot reach the store, the lease lapses by itself.
         *
         * @throws FsmConflictException if a write's version no longer matches; the lock is released
         *         anyway
         */
        public void release(FsmStorage storage, @Nullable List<RecordWrite> writes) {
            release(storage, writes, null);
        }

        /**
         * Releases the lock, writing the given records and changing the conversation's deadline
         * index entry in the same step (see {@link WriteBatch#deadline()}); otherwise as
         * {@link #release(FsmStorage, List)}.
         *
         * @param storage the storage
         * @param writes the writes to apply atomically with the release, or {@code null} to only unlock
         * @param deadline the deadline change riding with the writes, or {@code null}; ignored
         *        without writes
         * @throws FsmConflictException if a write's version no longer matches; the lock is released
         *         anyway
         */
        public void release(FsmStorage storage, @Nullable List<RecordWrite> writes, @Nullable DeadlineChange deadline) {
            if (released) {
                return;
            }
            released = true;
            stopRenewing();
            if (writes == null || writes.isEmpty()) {
                storage.unlock(key, lease);
                return;
            }
            try {
                storage.save(WriteBatch.releasing(writes, key, lease).withDeadline(deadline));
            }
            catch (FsmConflictException ex) {
                throw ex;
            }
            catch (RuntimeException ex) {
                // a save that failed before reaching the store (size limit, codec) must not keep the lock
                unlockQuietly(storage, key, lease);
                throw ex;
            }
        }

        /**
         * Releases the lock with writes of its conversation and of other conversations in one atomic
         * {@link FsmStorage#saveTogether}. On a version conflict nothing is written and the lock is
         * still held (and renewed), for the caller to read the record again and retry; when the save
         * fails in any other way the lock is released as by {@link #release(FsmStorage, List)}.
         *
         * @param storage the storage, which {@linkplain FsmStorage#writesTogether writes} the keys together
         * @param writes the writes of the locked conversation, possibly none
         * @param others the batches of other conversations, releasing no lock
         * @throws FsmConflictException if a write's version no longer matches; the lock is still held
         * @throws IllegalStateException if the lock was released already
         */
        public void releaseTogether(FsmStorage storage, List<RecordWrite> writes, List<WriteBatch> others) {
            if (released) {
                throw new IllegalStateException("The lock of " + key + " was released already");
            }
            List<WriteBatch> batches = new ArrayList<>(others.size() + 1);
            batches.add(WriteBatch.releasing(writes, key, lease));
            batches.addAll(others);
            try {
                storage.saveTogether(batches);
            }
            catch (FsmConflictException ex) {
                throw ex;
            }
            catch (RuntimeException ex) {
                released = true;
                stopRenewing();
                unlockQuietly(storage, key, lease);
                throw ex;
            }
            released = true;
            stopRenewing();
        }
    }
}
