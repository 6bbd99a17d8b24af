package dev.tgfsm.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.key.StorageKey;

/**
 * Where conversation records live. Implementations are thread-safe and every method is atomic on
 * its own.
 *
 * <h2>Contract shared by every backend</h2>
 * <ul>
 * <li>Reading a key that has nothing stored returns {@link FsmRecord#EMPTY} and never creates it.</li>
 * <li>A record whose time to live has passed is absent at once, as judged by the storage's
 * {@link java.time.Clock}; it may be physically removed later. (Lease locks are judged by the
 * store's own clock where it has one; see {@link #lockAndLoad}.)</li>
 * <li>Every write bumps the record's version by one and stamps {@code updatedAt} (and
 * {@code createdAt} for a new record) with the storage's clock.</li>
 * <li>A record that cannot be decoded raises {@link CorruptRecordException} naming the key and is
 * left as it was; an unreachable backend raises {@link StorageUnavailableException}.</li>
 * </ul>
 *
 * <h2>Levels</h2>
 * The abstract methods are what a backend implements: whole-record loads and compare-and-set batch
 * writes, lease locks combined with loading, counters, listing and clearing, and a health check.
 * The aiogram-level conveniences ({@link #getState}, {@link #setState}, {@link #updateData}, …)
 * are default methods built on them: each loads, changes and saves with a version check, retrying
 * on conflict, so they are atomic but cost two round trips. Backends override them with a single
 * round trip where they can.
 */
public interface FsmStorage {

    // ------------------------------------------------------------------ record level

    /**
     * Loads several records of one conversation in one round trip.
     *
     * @param keys the keys, typically destinies of one conversation
     * @return a record for every key, in the order asked ({@link FsmRecord#EMPTY} where nothing is
     *         stored)
     */
    Map<StorageKey, FsmRecord> loadAll(Collection<StorageKey> keys);

    /**
     * Applies a batch of writes atomically: if every write's expected version matches the stored
     * one, all are applied and the batch's lease (if any) is released; otherwise nothing is written,
     * the lease is still released, and {@link FsmConflictException} is thrown.
     *
     * @param batch the writes
     * @throws FsmConflictException if a stored version differs from the expected one
     * @throws RecordTooLargeException if a record exceeds the configured size limit
     */
    void save(WriteBatch batch);

    /**
     * Deletes records whatever they hold, without decoding them: the way out for a record that
     * raises {@link CorruptRecordException} on every other method. No version check; locks,
     * counters and the deadline index are untouched. Atomic for keys of one conversation.
     *
     * <p>This default deletes key by key through {@link #delete}, which decodes; a backend that can
     * hold undecodable records overrides it, and a decorator forwards it.
     *
     * @param keys the records to remove
     * @return how many existed and were removed
     */
    default long purge(Collection<StorageKey> keys) {
        long removed = 0;
        for (StorageKey key : keys) {
            if (delete(key)) {
                removed++;
            }
        }
        return removed;
    }

    // ------------------------------------------------------------------ lease locks

    /**
     * Tries once to take the lock of a conversation and, if taken, loads records in the same step.
     * The lock belongs to the conversation (the destiny of {@code lockKey} is ignored) and expires
     * after the lease's duration unless renewed. A lock already held with the same token counts as
     * taken and its lease starts again, so a retried request whose first attempt ran on the store
     * after the client gave up finds its own lock. Leases are judged by the store's own clock where
     * it has one (Redis {@code TIME}, a database server's current time), otherwise by the storage's
     * {@link java.time.Clock}, so instances whose clocks differ agree on when a lease lapses.
     *
     * @param lockKey any key of the conversation
     * @param lease the lease to take
     * @param keys records to load when the lock is taken, possibly empty
     * @return whether the lock was taken, with the records or the holder's remaining time
     */
    LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys);

    /**
     * Tells whether {@link #lockAndLoad} for a conversation can also read a record of another
     * conversation (a user's or chat's scoped data) in the same call. A record it cannot read there
     * is read by a later {@link #loadAll}.
     *
     * <p>This default says {@code true}: the in-memory and SQL backends read any keys together.
     *
     * @param conversation any key of the conversation locked
     * @param other the key of the other record
     * @return {@code true} if both can be read in one call
     */
    default boolean loadsTogether(StorageKey conversation, StorageKey other) {
        return true;
    }

    /**
     * Tells whether {@link #lockAndLoad(StorageKey, Lease, Collection, ThrottleRequest)} checks a
     * rate-limit bucket in the same round trip as the lock of a conversation, so that a rate limit
     * may hand its check to the lock request instead of making its own call.
     *
     * <p>This default says {@code false}. A backend that says {@code true} must give the combined
     * call the same semantics as {@link #throttle} followed, if admitted, by {@link #lockAndLoad}.
     *
     * @param lockKey any key of the conversation
     * @param bucket the rate-limit bucket
     * @return {@code true} if both fit in one round trip
     */
    default boolean throttlesWithLock(StorageKey lockKey, StorageKey bucket) {
        return false;
    }

    /**
     * Runs a rate-limit step ({@link #throttle}) and, only if it admitted the request, tries once to
     * take the conversation's lock and load records ({@link #lockAndLoad}). A refused request takes
     * no lock and loads nothing ({@link LockAttempt#throttled()}); an admitted one reports the
     * step's result in {@link LockAttempt#throttle()} whether the lock was free or busy.
     *
     * <p>This default makes the two calls one after the other; a backend whose
     * {@link #throttlesWithLock} says {@code true} does both in one round trip. A failure (the store
     * unavailable) leaves unknown whether the step counted.
     *
     * @param lockKey any key of the conversation
     * @param lease the lease to take
     * @param keys records to load when the lock is taken, possibly empty
     * @param throttle the rate-limit step, or {@code null} for none
     * @return the attempt
     */
    default LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys,
            ThrottleRequest throttle) {
        if (throttle == null) {
            return lockAndLoad(lockKey, lease, keys);
        }
        ThrottleResult result = throttle(throttle.bucket(), throttle.now(), throttle.increment(), throttle.capacity());
        if (!result.admitted()) {
            return LockAttempt.throttled(result);
        }
        return lockAndLoad(lockKey, lease, keys).withThrottle(result);
    }

    /**
     * Tells whether {@link #throttleAndLoad} checks a rate-limit bucket with fewer calls than
     * {@link #throttle} followed by {@link #loadAll}, so that a rate limit may hand its check to the
     * load of an unlocked unit of work instead of making its own call.
     *
     * <p>This default says {@code false}.
     *
     * @param key any key of the conversation
     * @param bucket the rate-limit bucket
     * @return {@code true} if the combined call saves a call
     */
    default boolean throttlesWithLoad(StorageKey key, StorageKey bucket) {
        return false;
    }

    /**
     * Runs a rate-limit step ({@link #throttle}) and, only if it admitted the request, loads records
     * ({@link #loadAll}), without any lock: the first load of an unlocked unit of work. A refused
     * request loads nothing ({@link LockAttempt#throttled()}); an admitted one is
     * {@linkplain LockAttempt#acquired() acquired} with the records (a missing one as
     * {@link FsmRecord#EMPTY}) and reports the step's result in {@link LockAttempt#throttle()}. The
     * step's permit is booked by this call, never by a later write.
     *
     * <p>This default makes the two calls one after the other; a backend whose
     * {@link #throttlesWithLoad} says {@code true} saves a call. A failure (the store unavailable)
     * leaves unknown whether the step counted.
     *
     * @param keys records to load when admitted, possibly empty
     * @param throttle the rate-limit step
     * @return the attempt
     */
    default LockAttempt throttleAndLoad(Collection<StorageKey> keys, ThrottleRequest throttle) {
        ThrottleResult result = throttle(throttle.bucket(), throttle.now(), throttle.increment(), throttle.capacity());
        if (!result.admitted()) {
            return LockAttempt.throttled(result);
        }
        return LockAttempt.acquired(keys.isEmpty() ? Map.of() : loadAll(keys)).withThrottle(result);
    }

    /**
     * Extends a lease that the caller still holds.
     *
     * @param lockKey any key of the conversation
     * @param lease the lease held
     * @return {@code true} if it was still held and is now extended, {@code false} if it had lapsed
     *         or belongs to someone else
     */
    boolean renewLock(StorageKey lockKey, Lease lease);

    /**
     * Releases a lease if the caller still holds it; never releases someone else's.
     *
     * @param lockKey any key of the conversation
     * @param lease the lease held
     * @return {@code true} if it was held and is now released
     */
    boolean unlock(StorageKey lockKey, Lease lease);

    /**
     * Saves the batches of several conversations, each on its own as {@link #save} does: one
     * failing (a conflict, the store unavailable) leaves the others written. For background work
     * that writes many conversations at once.
     *
     * <p>This default saves them one after the other; a backend may send them together (Redis
     * pipelines them: one round trip per server for all).
     *
     * @param batches the batches, each of one conversation
     * @return for each batch in order, {@code null} when written, else why not
     */
    default List<RuntimeException> saveEach(List<WriteBatch> batches) {
        List<RuntimeException> failures = new ArrayList<>(batches.size());
        for (WriteBatch batch : batches) {
            try {
                save(batch);
                failures.add(null);
            }
            catch (RuntimeException ex) {
                failures.add(ex);
            }
        }
        return failures;
    }

    // ------------------------------------------------------------------ kurigram level

    /**
     * Adds to a counter atomically, creating it at 0 if absent. The time to live is set when the
     * counter is created and kept on later increments (a fixed window).
     *
     * @param counter the counter's name, any string
     * @param amount what to add, may be negative
     * @param ttl how long a new counter lives, or {@code null} for no expiry
     * @return the counter's new value
     */
    long increment(String counter, long amount, @Nullable Duration ttl);

    /**
     * Lists the keys of stored records whose {@linkplain dev.tgfsm.key.KeyRenderer#canonical canonical
     * form} matches a glob pattern ({@link dev.tgfsm.key.Glob}). The stream is lazy: it fetches in
     * bounded batches (Redis {@code SCAN}, never {@code KEYS}) and must be closed. Keys written while it
     * runs may or may not appear; no key appears twice.
     *
     * @param pattern a glob such as {@code {42:*}:default}
     * @return the matching keys
     */
    Stream<StorageKey> listKeys(String pattern);

    /**
     * Removes everything this storage holds in its namespace (its key prefix or its tables):
     * records, counters and locks. Other namespaces on the same server are untouched.
     *
     * @return the number of records removed
     */
    long clearNamespace();

    /**
     * Checks that the backend answers, measuring the latency. Never throws.
     *
     * @return the health
     */
    StorageHealth health();

    /**
     * Connects and starts background work (sweepers). Idempotent.
     */
    default void start() {
    }

    /**
     * Stops background work and releases resources this storage owns. Idempotent.
     */
    default void stop() {
    }

    /**
     * Returns the time to live given to records written by the convenience methods.
     *
     * @return the default TTL, or {@code null} for none
     */
    default @Nullable Duration defaultTtl() {
        return null;
    }

    /** The metadata entry that {@link #throttle}'s default keeps the theoretical arrival time in. */
    String THROTTLE_META = "tat";

    /**
     * One step of the generic cell rate algorithm (GCRA), atomically: reads the bucket's theoretical
     * arrival time {@code tat} (absent or expired meaning {@code now}), computes
     * {@code next = max(tat, now) + increment}, and if {@code next - now <= capacity} stores
     * {@code next} (expiring no earlier than when it is reached) and admits, else leaves the bucket as it was and
     * refuses. Concurrent calls on one bucket never admit more than the algorithm allows. Times are
     * kept to the microsecond.
     *
     * <p>This default keeps the TAT in the metadata of the record at {@code bucket}
     * ({@value #THROTTLE_META}, microseconds since the epoch) and changes it with
     * {@link #change} and a time to live of {@code capacity}: a read then a version-checked write (two round trips, retried on conflict;
     * a refusal writes nothing). Backends override it with one round trip and may keep the bucket
     * elsewhere (then it does not show up as a record), as long as {@link #clearNamespace} removes it.
     *
     * @param bucket the bucket, a key of its own (for example a destiny reserved for the limiter)
     * @param now the caller's current time
     * @param increment the cost of this request: the emission interval times the permits asked for
     * @param capacity how far ahead of {@code now} the TAT may run: the emission interval times the
     *        burst
     * @return whether admitted, and the TAT after the call
     */
    default ThrottleResult throttle(StorageKey bucket, Instant now, Duration increment, Duration capacity) {
        Objects.requireNonNull(bucket, "bucket must not be null");
        ThrottleRequest request = new ThrottleRequest(bucket, now, increment, capacity);
        ThrottleResult[] outcome = new ThrottleResult[1];
        FsmRecord stored = change(bucket, r -> {
            Throttling.Step step = Throttling.step(r, request);
            outcome[0] = step.result();
            return step.record();
        }, capacity);
        Objects.requireNonNull(stored, "change returned null");
        return outcome[0];
    }

    // ------------------------------------------------------------------ deadline index

    /**
     * Tells whether {@link #save} applies a batch's {@linkplain WriteBatch#deadline() deadline
     * change} in the same atomic write as its records. When {@code false} (this default), a writer
     * applies the change itself with {@link #scheduleDeadline} or {@link #cancelDeadline} before
     * saving ({@link DeadlineChange#applyTo}), one more call, and {@link #save} ignores it.
     * Decorators forward this.
     *
     * @return {@code true} if deadlines ride in the commit
     */
    default boolean commitsDeadlines() {
        return false;
    }

    /** The reserved destiny of the record that the default deadline index is kept in. */
    String DEADLINE_INDEX_DESTINY = "tgfsm.deadlines";

    /**
     * Puts a conversation into the deadline index, or moves it there: from {@code at} on,
     * {@link #claimDue} hands it out. One entry per key; a later call replaces the time. The index
     * only says when to look: what is due is decided by the conversation's own record (the
     * timeout scheduler re-checks it), so an entry that is early or stale is harmless, while a
     * missing one means nothing fires.
     *
     * <p>This default keeps the index in the metadata of one reserved record (bot 0, chat 0, user 0,
     * destiny {@value #DEADLINE_INDEX_DESTINY}), changed with {@link #change}: correct for every
     * backend, but every call rewrites that record. Backends override the three deadline methods
     * with a real index (a sorted structure in memory, a Redis sorted set, an indexed SQL table),
     * which {@link #clearNamespace} also empties.
     *
     * @param key the conversation
     * @param at when it is due
     */
    default void scheduleDeadline(StorageKey key, Instant at) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(at, "at must not be null");
        DefaultDeadlineIndex.schedule(this, key, at);
    }

    /**
     * Claims up to {@code limit} entries of the deadline index that are due at {@code now}, earliest
     * first, atomically: each claimed entry is moved to {@code now + lease}, so no other caller (in
     * this process or another instance) gets it until the lease lapses. The claimer then either
     * {@linkplain #scheduleDeadline reschedules} the entry or {@linkplain #cancelDeadline cancels}
     * it; if it dies first, the entry comes due again when the lease lapses.
     *
     * @param now the caller's current time
     * @param limit the most entries to claim, at least 1
     * @param lease how long a claim holds, positive
     * @return the claimed entries, possibly empty
     */
    default List<DueDeadline> claimDue(Instant now, int limit, Duration lease) {
        DefaultDeadlineIndex.check(now, limit, lease);
        return DefaultDeadlineIndex.claim(this, null, now, limit, lease);
    }

    /**
     * Claims like {@link #claimDue(Instant, int, Duration)}, but only entries of one bot's
     * conversations: several bots share one store, and each bot's timeouts must be fired by that
     * bot (with its token), so each claims only its own. Entries of other bots are left untouched.
     *
     * @param botId the bot whose entries are claimed
     * @param now the caller's current time
     * @param limit the most entries to claim, at least 1
     * @param lease how long a claim holds, positive
     * @return the claimed entries of that bot, possibly empty
     */
    default List<DueDeadline> claimDue(long botId, Instant now, int limit, Duration lease) {
        DefaultDeadlineIndex.check(now, limit, lease);
        return DefaultDeadlineIndex.claim(this, botId, now, limit, lease);
    }

    /**
     * Removes a conversation from the deadline index, atomically, if its entry is still at
     * {@code expected} (the claim's {@link DueDeadline#claimedUntil}, compared to the millisecond);
     * an entry rescheduled since is kept. {@code expected == null} removes the entry whatever its time.
     *
     * @param key the conversation
     * @param expected the time the entry must have, or {@code null}
     * @return {@code true} if an entry was removed
     */
    default boolean cancelDeadline(StorageKey key, @Nullable Instant expected) {
        Objects.requireNonNull(key, "key must not be null");
        return DefaultDeadlineIndex.cancel(this, key, expected);
    }

    // ------------------------------------------------------------------ optional capabilities

    /**
     * Returns this storage's way of finding what is stored about one user, for exporting and erasing
     * it ({@link dev.tgfsm.privacy.Privacy}). Decorators forward this.
     *
     * <p>This default has none and says so.
     *
     * @return the capability
     * @throws UnsupportedOperationException if this backend cannot find a user's data
     */
    default UserDataStorage userData() {
        throw new UnsupportedOperationException(getClass().getName()
                + " cannot find the data of one user, so it cannot export or erase it; use a backend of tgfsm"
                + " (memory, Redis, JDBC) or implement FsmStorage.userData()");
    }

    // ------------------------------------------------------------------ conveniences

    /**
     * Loads one record.
     *
     * @param key the key
     * @return the record, {@link FsmRecord#EMPTY} if absent
     */
    default FsmRecord load(StorageKey key) {
        return loadAll(List.of(key)).get(key);
    }

    /**
     * Changes a record atomically: loads it, applies the function and saves the result with a
     * version check, retrying on conflict. A function returning {@code null} deletes the record.
     * This default reads then writes (two round trips per try); backends override the methods below
     * with single-round-trip versions where they can.
     *
     * @param key the key
     * @param change computes the new record, or {@code null} to delete, from the current one (never
     *        {@code null}: {@link FsmRecord#EMPTY} when absent); may run more than once
     * @param ttl the time to live after the write, or {@code null}
     * @return the record as stored (with its new version), or {@link FsmRecord#EMPTY} if deleted
     */
    default FsmRecord change(StorageKey key, UnaryOperator<@Nullable FsmRecord> change, @Nullable Duration ttl) {
        for (int attempt = 1;; attempt++) {
            FsmRecord current = load(key);
            FsmRecord next = change.apply(current);
            if (next == current) {
                return current;
            }
            if (next == null && !current.exists()) {
                return FsmRecord.EMPTY;
            }
            try {
                RecordWrite write = next == null ? RecordWrite.delete(key, current.version())
                        : RecordWrite.put(key, next, current.version(), ttl).withBase(current);
                save(WriteBatch.of(write));
                return next == null ? FsmRecord.EMPTY : next.withVersion(current.version() + 1);
            }
            catch (FsmConflictException ex) {
                if (attempt >= 1000) {
                    throw ex;
                }
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Returns the state of a record.
     *
     * @param key the key
     * @return the state id, or {@code null}
     */
    default @Nullable String getState(StorageKey key) {
        return load(key).state();
    }

    /**
     * Sets the state of a record, keeping its data.
     *
     * @param key the key
     * @param state the state id, or {@code null} for none
     */
    default void setState(StorageKey key, @Nullable String state) {
        change(key, r -> r.withState(state), defaultTtl());
    }

    /**
     * Returns the data of a record.
     *
     * @param key the key
     * @return the data, empty if none
     */
    default Map<String, @Nullable Object> getData(StorageKey key) {
        return load(key).data();
    }

    /**
     * Replaces the data of a record, keeping its state.
     *
     * @param key the key
     * @param data the new data
     */
    default void setData(StorageKey key, Map<String, @Nullable Object> data) {
        change(key, r -> r.withData(data), defaultTtl());
    }

    /**
     * Merges entries into the data of a record atomically: concurrent merges of different entries
     * are never lost. An entry with a {@code null} value is stored as {@code null}.
     *
     * @param key the key
     * @param patch the entries to set
     * @return the data after the merge
     */
    default Map<String, @Nullable Object> updateData(StorageKey key, Map<String, @Nullable Object> patch) {
        return change(key, r -> {
            Map<String, Object> merged = new LinkedHashMap<>(r.data());
            merged.putAll(patch);
            return r.withData(merged);
        }, defaultTtl()).data();
    }

    /**
     * Returns one entry of a record's data.
     *
     * @param key the key
     * @param name the entry
     * @return its value, or {@code null}
     */
    default @Nullable Object getValue(StorageKey key, String name) {
        return load(key).data().get(name);
    }

    /**
     * Sets the state of a record only if it currently has the expected state, atomically.
     *
     * @param key the key
     * @param expectedState the state it must have, {@code null} meaning no state (or no record)
     * @param newState the state to set, {@code null} for none
     * @param ttl the time to live after the write, or {@code null}
     * @return {@code true} if the state matched and was set
     */
    default boolean compareAndSet(StorageKey key, @Nullable String expectedState, @Nullable String newState, @Nullable Duration ttl) {
        boolean[] matched = {false};
        change(key, r -> {
            matched[0] = Objects.equals(r.state(), expectedState);
            return matched[0] ? r.withState(newState) : r;
        }, ttl);
        return matched[0];
    }

    /**
     * Deletes a record: its state, data and metadata.
     *
     * @param key the key
     * @return {@code true} if something was stored
     */
    default boolean delete(StorageKey key) {
        boolean[] existed = {false};
        change(key, r -> {
            existed[0] = r.exists();
            return r.exists() ? null : r;
        }, null);
        return existed[0];
    }
}
