package dev.tgfsm.isolation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
                    Held held = new Held(key, lease, attempt.records(), schedule(storage, key, lease));
                    acquired = true;
                    return held;
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

    private ScheduledFuture<?>[] schedule(FsmStorage storage, StorageKey key, Lease lease) {
        long period = Math.max(1, lease.duration().toMillis() / 3);
        ScheduledFuture<?>[] holder = new ScheduledFuture<?>[1];
        holder[0] = renewals.scheduleAtFixedRate(() -> {
            try {
                if (!storage.renewLock(key, lease)) {
                    log.warn(
                            "Lease of {} was lost before the update finished; its commit will be refused if another writer got in",
                            key);
                    holder[0].cancel(false);
                }
            }
            catch (RuntimeException ex) {
                log.debug("Could not renew the lease of {}: {}", key, ex.toString());
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return holder;
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
    }

    /**
     * A lock held by this process.
     */
    public static final class Held {

        private final StorageKey key;

        private final Lease lease;

        private final Map<StorageKey, FsmRecord> records;

        private final ScheduledFuture<?>[] renewal;

        private volatile boolean released;

        Held(StorageKey key, Lease lease, Map<StorageKey, FsmRecord> records, ScheduledFuture<?>[] renewal) {
            this.key = key;
            this.lease = lease;
            this.records = records;
            this.renewal = renewal;
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
            renewal[0].cancel(false);
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
                renewal[0].cancel(false);
                unlockQuietly(storage, key, lease);
                throw ex;
            }
            released = true;
            renewal[0].cancel(false);
        }
    }
}
