package dev.tgfsm.storage;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;

/**
 * The writes of one commit, applied all or nothing by {@link FsmStorage#save}, optionally releasing
 * a lease lock in the same step.
 *
 * <p>All writes belong to one conversation (their keys differ at most in the destiny), so that a
 * backend can apply them atomically: one Lua script on one Redis Cluster slot, one SQL
 * transaction. No key appears twice.
 *
 * <p>A batch may also carry a change to the conversation's entry in the deadline index
 * ({@link DeadlineChange}), which a storage that {@linkplain DeadlineIndex#commitsDeadlines commits
 * deadlines} applies in the same atomic write: the record saying when the conversation times out
 * and the index saying when to look are never written apart.
 *
 * @param writes the writes, possibly empty when the batch only releases a lock
 * @param release the lease to release after writing, or {@code null}
 * @param lockKey any key of the conversation whose lock is released, or {@code null} with no lease
 * @param deadline the change to the conversation's deadline index entry, or {@code null} for none
 */
public record WriteBatch(List<RecordWrite> writes, @Nullable Lease release, @Nullable StorageKey lockKey,
        @Nullable DeadlineChange deadline) {

    /**
     * Validates the batch.
     *
     * @param writes the writes, all of one conversation and no key twice; copied
     * @param release the lease to release, or {@code null}; given exactly when {@code lockKey} is
     * @param lockKey a key of the conversation whose lock is released, or {@code null}; given exactly when {@code release} is
     * @param deadline the deadline index change, of the same conversation, or {@code null} for none
     */
    public WriteBatch {
        writes = List.copyOf(writes);
        if ((release == null) != (lockKey == null)) {
            throw new IllegalArgumentException("release and lockKey go together");
        }
        StorageKey first = lockKey != null ? lockKey : (writes.isEmpty() ? null : writes.get(0).key());
        Set<StorageKey> seen = writes.size() > 1 ? new HashSet<>() : null;
        for (int i = 0; i < writes.size(); i++) {
            RecordWrite w = writes.get(i);
            if (!w.key().sameConversation(first)) {
                throw new IllegalArgumentException("All writes of a batch must belong to one conversation: "
                        + w.key() + " vs " + first);
            }
            if (seen != null && !seen.add(w.key())) {
                throw new IllegalArgumentException("Key written twice in one batch: " + w.key());
            }
        }
        if (deadline != null && first != null && !deadline.key().sameConversation(first)) {
            throw new IllegalArgumentException("The deadline of a batch must belong to its conversation: "
                    + deadline.key() + " vs " + first);
        }
    }

    /**
     * A batch without a deadline change.
     *
     * @param writes the writes, possibly empty when the batch only releases a lock
     * @param release the lease to release after writing, or {@code null}
     * @param lockKey any key of the conversation whose lock is released, or {@code null} with no lease
     */
    public WriteBatch(List<RecordWrite> writes, @Nullable Lease release, @Nullable StorageKey lockKey) {
        this(writes, release, lockKey, null);
    }

    /**
     * The same batch, also changing the conversation's deadline index entry in the same write.
     *
     * @param change the change, or {@code null} for none
     * @return the batch
     */
    public WriteBatch withDeadline(@Nullable DeadlineChange change) {
        return new WriteBatch(writes, release, lockKey, change);
    }

    /**
     * A batch of writes without a lock to release.
     *
     * @param writes the writes, at least one
     * @return the batch
     */
    public static WriteBatch of(RecordWrite... writes) {
        if (writes.length == 0) {
            throw new IllegalArgumentException("A batch without a lease needs at least one write");
        }
        return new WriteBatch(List.of(writes), null, null);
    }

    /**
     * A batch of writes that also releases a lease lock.
     *
     * @param writes the writes, possibly empty
     * @param lockKey any key of the locked conversation
     * @param lease the lease to release
     * @return the batch
     */
    public static WriteBatch releasing(List<RecordWrite> writes, StorageKey lockKey, Lease lease) {
        return new WriteBatch(writes, lease, lockKey);
    }

    /**
     * Checks batches meant for {@link FsmStorage#saveTogether}: at least one, at most one releasing a
     * lock, none changing a deadline.
     *
     * @param batches the batches
     * @return the batch that releases a lock, or {@code null} when none does
     * @throws IllegalArgumentException if the batches break these rules
     */
    public static @Nullable WriteBatch checkTogether(List<WriteBatch> batches) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("No batch to save together");
        }
        WriteBatch releasing = null;
        for (WriteBatch batch : batches) {
            if (batch.deadline() != null) {
                throw new IllegalArgumentException("Batches saved together carry no deadline change");
            }
            if (batch.release() != null) {
                if (releasing != null) {
                    throw new IllegalArgumentException("At most one batch saved together releases a lock");
                }
                releasing = batch;
            }
        }
        return releasing;
    }
}
