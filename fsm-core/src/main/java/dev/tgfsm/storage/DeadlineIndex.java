package dev.tgfsm.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;

/**
 * An optional capability of a {@link FsmStorage}: an index of when conversations come due, for
 * timeouts, idle timeouts and media groups. The index only says when to look: what is due is
 * decided by the conversation's own record (the timeout scheduler re-checks it), so an entry that
 * is early or stale is harmless, while a missing one means nothing fires. Every method is atomic
 * on its own; {@link FsmStorage#clearNamespace} empties the index.
 *
 * <p>A backend implements this with a real index (a sorted structure in memory, a Redis sorted
 * set, an indexed SQL table). For a backend without it, {@link #of} supplies a fallback that keeps
 * the index in the metadata of one reserved record (bot 0, chat 0, user 0, destiny
 * {@value #DEADLINE_INDEX_DESTINY}), changed with {@link #change}: correct for every backend, but
 * every call rewrites that record.
 */
public interface DeadlineIndex extends FsmStorage {

    /** The reserved destiny of the record that the fallback deadline index is kept in. */
    String DEADLINE_INDEX_DESTINY = "tgfsm.deadlines";

    /**
     * Returns a storage's deadline index: its own if it has the capability, else the fallback kept
     * in a reserved record.
     *
     * @param storage the storage
     * @return its deadline index, never {@code null}
     */
    static DeadlineIndex of(FsmStorage storage) {
        Objects.requireNonNull(storage, "storage must not be null");
        return storage.capability(DeadlineIndex.class).orElseGet(() -> new DefaultCapabilities(storage));
    }

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

    /**
     * Puts a conversation into the deadline index, or moves it there: from {@code at} on,
     * {@link #claimDue} hands it out. One entry per key; a later call replaces the time.
     *
     * @param key the conversation
     * @param at when it is due
     */
    void scheduleDeadline(StorageKey key, Instant at);

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
     * @throws IllegalArgumentException if {@code limit} or {@code lease} is out of range
     */
    List<DueDeadline> claimDue(Instant now, int limit, Duration lease);

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
     * @throws IllegalArgumentException if {@code limit} or {@code lease} is out of range
     */
    List<DueDeadline> claimDue(long botId, Instant now, int limit, Duration lease);

    /**
     * Removes a conversation from the deadline index, atomically, if its entry is still at
     * {@code expected} (the claim's {@link DueDeadline#claimedUntil}, compared to the millisecond);
     * an entry rescheduled since is kept. {@code expected == null} removes the entry whatever its time.
     * A missing entry is not an error.
     *
     * @param key the conversation
     * @param expected the time the entry must have, or {@code null}
     * @return {@code true} if an entry was removed
     */
    boolean cancelDeadline(StorageKey key, @Nullable Instant expected);
}
