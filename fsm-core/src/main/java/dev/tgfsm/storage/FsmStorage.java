package dev.tgfsm.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.key.Glob;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;

/**
 * Where conversation records live: the core of the storage SPI, what every backend implements.
 * Implementations are thread-safe and every method is atomic on its own.
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
 * <li>Arguments are never {@code null} unless a parameter says so; results are never {@code null}
 * unless a method says so.</li>
 * </ul>
 *
 * <h2>Levels</h2>
 * The abstract methods are what a backend implements: whole-record loads and compare-and-set batch
 * writes, lease locks combined with loading, listing and clearing, and a health check.
 * The aiogram-level conveniences ({@link #getState}, {@link #setState}, {@link #updateData}, …)
 * are default methods built on them: each loads, changes and saves with a version check, retrying
 * on conflict, so they are atomic but cost two round trips. Backends override them with a single
 * round trip where they can.
 *
 * <h2>Optional capabilities</h2>
 * A backend may add smaller interfaces, each extending this one: {@link CounterStorage} (atomic
 * counters), {@link ThrottleStorage} (rate-limit buckets, alone or with a lock or a load),
 * {@link DeadlineIndex} (when conversations come due) and {@link PrivacyStorage} (finding one
 * user's data). Callers find them with {@link #capability} rather than {@code instanceof}, so that
 * decorators ({@link ForwardingFsmStorage}) report what their delegate has. Throttling and the
 * deadline index have a fallback built on records ({@link ThrottleStorage#of},
 * {@link DeadlineIndex#of}); counters and user data have none, and a feature that needs them fails
 * at start-up with {@link MissingCapabilityException} naming the capability, the feature and the
 * backend.
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

    // ------------------------------------------------------------------ listing and lifecycle

    /**
     * Lists the keys of stored records whose {@linkplain KeyRenderer#canonical canonical
     * form} matches a glob pattern ({@link Glob}). The stream is lazy: it fetches in
     * bounded batches (Redis {@code SCAN}, never {@code KEYS}) and must be closed. Keys written while it
     * runs may or may not appear; no key appears twice.
     *
     * @param pattern a glob such as {@code {42:*}:default}
     * @return the matching keys
     */
    Stream<StorageKey> listKeys(String pattern);

    /**
     * Removes everything this storage holds in its namespace (its key prefix or its tables):
     * records and locks, and what its capabilities keep (counters, rate-limit buckets, the deadline
     * index). Other namespaces on the same server are untouched.
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

    // ------------------------------------------------------------------ capabilities

    /**
     * Returns one of this storage's optional capabilities ({@link CounterStorage},
     * {@link ThrottleStorage}, {@link DeadlineIndex}, {@link PrivacyStorage}), or any other type
     * this storage is. This default returns the storage itself when it implements {@code type};
     * a decorator reports what its delegate has ({@link ForwardingFsmStorage#capability}) and never
     * forwards this call as it is, which would hand out the delegate and bypass the decorator. The
     * answer does not change over the storage's life, so callers may look a capability up once.
     *
     * @param <T> the capability
     * @param type the capability's interface
     * @return the capability, or empty if this storage does not have it
     */
    default <T> Optional<T> capability(Class<T> type) {
        Objects.requireNonNull(type, "type must not be null");
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    /**
     * Returns a capability that a feature cannot work without, or fails naming the capability, the
     * feature and the backend. Features call this when they are built, so that a backend without
     * the capability fails at start-up rather than on the first update that needs it.
     *
     * @param <T> the capability
     * @param storage the storage, possibly decorated
     * @param type the capability's interface
     * @param feature what needs it, with the property that switches it on, for the message
     * @return the capability
     * @throws MissingCapabilityException if the storage does not have it
     */
    static <T> T require(FsmStorage storage, Class<T> type, String feature) {
        Objects.requireNonNull(storage, "storage must not be null");
        return storage.capability(type).orElseThrow(() -> new MissingCapabilityException(type, feature, storage));
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
    default boolean compareAndSet(StorageKey key, @Nullable String expectedState, @Nullable String newState,
            @Nullable Duration ttl) {
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
