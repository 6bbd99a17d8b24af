package dev.tgfsm.storage;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;

/**
 * One write of a {@link WriteBatch}: store a record (or delete it) if the stored version still
 * equals {@code expectedVersion}.
 *
 * @param key the slot
 * @param record the record to store, or {@code null} to delete the slot; its version and
 *        timestamps are ignored (the storage stamps them)
 * @param expectedVersion the version the writer loaded; 0 means the slot must not exist
 * @param ttl how long the record lives after this write, or {@code null} to keep it until deleted
 * @param base the record as the writer loaded it at {@code expectedVersion} ({@link FsmRecord#EMPTY}
 *        when it was absent), or {@code null} when unknown. A backend may then write only what
 *        differs from it (see {@link #withBase}); backends that rewrite the whole record ignore it
 */
public record RecordWrite(StorageKey key, @Nullable FsmRecord record, long expectedVersion, @Nullable Duration ttl,
        @Nullable FsmRecord base) {

    /**
     * Validates the write.
     *
     * @param key the slot, not {@code null}
     * @param record the record to store, or {@code null} to delete the slot
     * @param expectedVersion the version the writer loaded, 0 or more; 0 means the slot must not exist
     * @param ttl how long the record lives after this write, positive, or {@code null} to keep it
     * @param base the record as loaded, whose version must equal {@code expectedVersion}, or {@code null} when unknown
     */
    public RecordWrite {
        Objects.requireNonNull(key, "key must not be null");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must not be negative");
        }
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("ttl must be positive or null, was " + ttl);
        }
        if (base != null && base.version() != expectedVersion) {
            throw new IllegalArgumentException("the base record has version " + base.version()
                    + ", the write expects " + expectedVersion);
        }
    }

    /**
     * A write whose base record is unknown: the backend writes the whole record.
     *
     * @param key the slot
     * @param record the record to store, or {@code null} to delete the slot
     * @param expectedVersion the version the writer loaded; 0 means the slot must not exist
     * @param ttl how long the record lives after this write, or {@code null}
     */
    public RecordWrite(StorageKey key, @Nullable FsmRecord record, long expectedVersion, @Nullable Duration ttl) {
        this(key, record, expectedVersion, ttl, null);
    }

    /**
     * A write that stores a record.
     *
     * @param key the slot
     * @param record the record
     * @param expectedVersion the version loaded, 0 for a new slot
     * @param ttl the time to live or {@code null}
     * @return the write
     */
    public static RecordWrite put(StorageKey key, FsmRecord record, long expectedVersion, @Nullable Duration ttl) {
        return new RecordWrite(key, Objects.requireNonNull(record, "record must not be null"), expectedVersion, ttl);
    }

    /**
     * A write that deletes a slot.
     *
     * @param key the slot
     * @param expectedVersion the version loaded
     * @return the write
     */
    public static RecordWrite delete(StorageKey key, long expectedVersion) {
        return new RecordWrite(key, null, expectedVersion, null);
    }

    /**
     * The same write, saying which record it replaces: the record exactly as loaded at
     * {@link #expectedVersion()}, so that a backend can write only the fields that changed and
     * delete only the removed ones. The version check is unchanged; a backend that finds the stored
     * record replaced by another one of the same version (deleted and created again) writes the
     * whole record as without a base.
     *
     * @param loaded the record as loaded, {@link FsmRecord#EMPTY} if it was absent; its version
     *        must equal {@link #expectedVersion()}
     * @return the write with its base
     */
    public RecordWrite withBase(FsmRecord loaded) {
        return new RecordWrite(key, record, expectedVersion, ttl,
                Objects.requireNonNull(loaded, "loaded must not be null"));
    }

    /**
     * Tells whether this write deletes its slot.
     *
     * @return {@code true} for a delete
     */
    public boolean isDelete() {
        return record == null;
    }
}
