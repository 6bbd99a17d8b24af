package dev.tgfsm.storage;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;

/**
 * A change to a conversation's entry in the deadline index that rides in a {@link WriteBatch}:
 * schedule it at {@code at} (as {@link DeadlineIndex#scheduleDeadline}) or, with {@code at == null},
 * remove it whatever its time (as {@link DeadlineIndex#cancelDeadline} without an expected time). A
 * storage whose {@link DeadlineIndex#commitsDeadlines()} is {@code true} applies it in the same atomic
 * write as the batch's records: when the batch conflicts, the index is left as it was.
 *
 * @param key the conversation, as given to {@link DeadlineIndex#scheduleDeadline}
 * @param at when it is due, or {@code null} to remove the entry
 */
public record DeadlineChange(StorageKey key, @Nullable Instant at) {

    /**
     * Validates the change.
     *
     * @param key the conversation, not {@code null}
     * @param at when it is due, or {@code null} to remove the entry
     */
    public DeadlineChange {
        Objects.requireNonNull(key, "key must not be null");
    }

    /**
     * Schedules a conversation (or moves its entry) at a time.
     *
     * @param key the conversation
     * @param at when it is due
     * @return the change
     */
    public static DeadlineChange schedule(StorageKey key, Instant at) {
        return new DeadlineChange(key, Objects.requireNonNull(at, "at must not be null"));
    }

    /**
     * Removes a conversation's entry, whatever its time.
     *
     * @param key the conversation
     * @return the change
     */
    public static DeadlineChange cancel(StorageKey key) {
        return new DeadlineChange(key, null);
    }

    /**
     * Tells whether this change removes the entry.
     *
     * @return {@code true} for a cancel
     */
    public boolean isCancel() {
        return at == null;
    }

    /**
     * Applies this change with the storage's deadline index ({@link DeadlineIndex#of}), as a separate call: for a
     * storage that does not commit deadlines with its records.
     *
     * @param storage the storage
     */
    public void applyTo(FsmStorage storage) {
        DeadlineIndex index = DeadlineIndex.of(storage);
        if (at == null) {
            index.cancelDeadline(key, null);
        }
        else {
            index.scheduleDeadline(key, at);
        }
    }
}
