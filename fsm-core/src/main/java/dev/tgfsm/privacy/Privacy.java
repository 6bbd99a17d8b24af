package dev.tgfsm.privacy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.ScopedData;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.DeadlineChange;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.PrivacyStorage;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.UserDataStorage;

/**
 * Exports and erases everything a storage keeps about one user: the records of every conversation
 * the user takes part in (any bot, chat, topic, business connection and destiny: state, data,
 * history, preferences, flow data, and the metadata holding garbage message ids, queued outbox
 * calls and the timeout deadline), the private chat's records, the conversation's entry in the
 * deadline index, and the rate-limit buckets, counters and flood buckets kept under the user's id.
 * Needs a storage with the {@link PrivacyStorage#userData()} capability (every tgfsm backend has it).
 *
 * <p><b>Erasing is safe while the user is mid-update.</b> Each conversation is erased under its
 * cross-instance lock (the lock an update takes with {@code tgfsm.isolation} leases): the erase waits
 * for an update in flight to commit, and an update that starts meanwhile waits for the erase and
 * then finds nothing. The deletes are version-checked, so a writer that does not take the lock
 * (a single instance with in-process isolation) cannot be overwritten either: if it committed
 * between the erase's read and delete, the erase reads again and deletes what it wrote; if it
 * commits after, its commit fails its own version check. Erasing is idempotent: a second call finds
 * nothing and removes nothing. Data an update writes after the erase is new data.
 *
 * <p>Finding the user's keys is an administrative operation with a cost per backend (a walk over the
 * namespace; see the backend's {@link UserDataStorage}), never on the path of an update. Custom
 * rate-limit subjects named by text ({@code RateLimiter.tryAcquire(botId, "export:" + userId)}) are
 * kept under the bot's key ({@code rl:<limit>:<subject>}), where nothing says whose they are: name the
 * ones that belong to a user with {@link #setTextSubjects} (for example with
 * {@code RateLimiter.textBucket}) and export and erase include them. Counters whose names do not
 * start with a conversation tag cannot be told apart by user and are not found.
 */
public final class Privacy implements AutoCloseable {

    /** The lease taken on each conversation while erasing it. */
    public static final Duration DEFAULT_LOCK_LEASE = ContextConfig.DEFAULT_LOCK_LEASE;

    /** How long an erase waits for an update holding a conversation's lock. */
    public static final Duration DEFAULT_LOCK_WAIT = ContextConfig.DEFAULT_LOCK_WAIT;

    private static final Logger log = LoggerFactory.getLogger(Privacy.class);

    private static final int MAX_ATTEMPTS = 100;

    /** What needs {@link PrivacyStorage}, for the message when the storage lacks it. */
    private static final String FEATURE = "exporting or erasing the data of one user (Privacy)";

    private final FsmStorage storage;

    /** Takes the conversations' locks; made by the first erase, closed with this object. */
    private @Nullable LeaseKeeper leases;

    private final Clock clock;

    private final Duration lockLease;

    private final Duration lockWait;

    private Function<Long, ? extends Collection<StorageKey>> textSubjects = userId -> List.of();

    /**
     * Creates the tools with the default lease and wait.
     *
     * @param storage the storage, with the user-data capability
     * @param clock stamps exports
     */
    public Privacy(FsmStorage storage, Clock clock) {
        this(storage, clock, DEFAULT_LOCK_LEASE, DEFAULT_LOCK_WAIT);
    }

    /**
     * Creates the tools. The conversations' locks are taken, and renewed while an erase holds them,
     * by a lease keeper of their own, made by the first erase (a daemon thread) and stopped by
     * {@link #close()}.
     *
     * @param storage the storage, with the user-data capability
     * @param clock stamps exports
     * @param lockLease the lease taken on each conversation while erasing it, at least 1 ms
     * @param lockWait how long to wait for a busy conversation before failing, not negative
     */
    public Privacy(FsmStorage storage, Clock clock, Duration lockLease, Duration lockWait) {
        this.storage = Objects.requireNonNull(storage, "storage must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.lockLease = Objects.requireNonNull(lockLease, "lockLease must not be null");
        this.lockWait = Objects.requireNonNull(lockWait, "lockWait must not be null");
        if (lockLease.toMillis() < 1 || lockWait.isNegative()) {
            throw new IllegalArgumentException("lockLease must be at least 1 ms and lockWait not negative, were "
                    + lockLease + " and " + lockWait);
        }
    }

    /**
     * Names the records that belong to a user although their keys do not say so: the buckets of
     * rate-limit subjects named by text. Export and erase treat them as the user's records (the
     * erase under the lock of the bot-wide key they are kept under).
     *
     * @param subjects gives the keys of a user's text-named buckets (missing ones are skipped)
     */
    public void setTextSubjects(Function<Long, ? extends Collection<StorageKey>> subjects) {
        this.textSubjects = Objects.requireNonNull(subjects, "subjects must not be null");
    }

    /** The user's entries kept outside records: those the storage finds, then the named text subjects'. */
    private Map<String, String> entries(UserDataStorage data, long userId) {
        Collection<StorageKey> named = textSubjects.apply(userId);
        Map<String, String> found = data.userEntries(userId);
        if (named == null || named.isEmpty()) {
            return found;
        }
        Map<String, String> all = new LinkedHashMap<>(found);
        all.putAll(data.bucketEntries(named));
        return all;
    }

    /** The user's record keys: those the storage finds, then the named text subjects. */
    private List<StorageKey> recordKeys(UserDataStorage data, long userId) {
        Collection<StorageKey> named = textSubjects.apply(userId);
        if (named == null || named.isEmpty()) {
            return data.userRecordKeys(userId);
        }
        LinkedHashSet<StorageKey> all = new LinkedHashSet<>(data.userRecordKeys(userId));
        all.addAll(named);
        return new ArrayList<>(all);
    }

    /**
     * Reads everything stored about a user. Each conversation's records are read together (one
     * round trip each); the result is a snapshot per conversation, not of the whole store. The
     * library's own entries of the user's and chats' scope records ({@link ScopedData#isInternal})
     * are bookkeeping, not the user's data, and are left out.
     *
     * @param userId the user
     * @return the document, empty when nothing is stored
     * @throws UnsupportedOperationException if the storage cannot find a user's data
     * @throws CorruptRecordException if a record cannot be decoded (erasing still removes it)
     */
    public UserDataExport export(long userId) {
        UserDataStorage data = FsmStorage.require(storage, PrivacyStorage.class, FEATURE).userData();
        List<UserDataExport.Conversation> conversations = new ArrayList<>();
        for (Map.Entry<StorageKey, List<StorageKey>> group : byConversation(recordKeys(data, userId)).entrySet()) {
            Map<String, FsmRecord> records = new LinkedHashMap<>();
            for (Map.Entry<StorageKey, FsmRecord> loaded : storage.loadAll(group.getValue()).entrySet()) {
                FsmRecord record = loaded.getValue();
                String destiny = loaded.getKey().destiny();
                if (record.exists()) {
                    // the engine's bookkeeping of commits is not the user's data
                    record = record.withMeta(record.shownMeta());
                }
                if (record.exists() && DataScope.ofDestiny(destiny).isPresent()) {
                    record = record.withData(ScopedData.visible(record.data()));
                }
                if (record.exists() && !record.isBlank()) {
                    records.put(destiny, record);
                }
            }
            if (!records.isEmpty()) {
                conversations.add(new UserDataExport.Conversation(group.getKey(), records));
            }
        }
        return new UserDataExport(userId, clock.instant(), conversations, entries(data, userId));
    }

    /**
     * Removes everything stored about a user: each conversation's records and deadline index entry
     * under the conversation's lock, then the entries kept outside records. Idempotent.
     *
     * @param userId the user
     * @return what was removed
     * @throws UnsupportedOperationException if the storage cannot find a user's data
     * @throws dev.tgfsm.storage.LockTimeoutException if an update held a conversation's lock for the
     *         whole wait; conversations erased before stay erased, and a retry finishes the job
     */
    public Erasure erase(long userId) {
        UserDataStorage data = FsmStorage.require(storage, PrivacyStorage.class, FEATURE).userData();
        Map<StorageKey, List<StorageKey>> groups = byConversation(recordKeys(data, userId));
        long records = 0;
        for (Map.Entry<StorageKey, List<StorageKey>> group : groups.entrySet()) {
            records += eraseConversation(group.getKey(), group.getValue());
        }
        long entries = data.deleteEntries(entries(data, userId).keySet());
        log.info("Erased the data of user {}: {} record(s) of {} conversation(s), {} other entr(ies)", userId, records,
                groups.size(), entries);
        return new Erasure(groups.size(), records, entries);
    }

    /** Deletes the records of one conversation under its lock, version-checked; retries on a conflict. */
    private long eraseConversation(StorageKey conversation, List<StorageKey> keys) {
        for (int attempt = 1;; attempt++) {
            LeaseKeeper.Held held;
            try {
                held = leases().acquire(storage, conversation, lockLease, lockWait, keys);
            }
            catch (CorruptRecordException ex) {
                log.warn("Erasing undecodable records of {} without reading them: {}", conversation, ex.getMessage());
                long removed = storage.purge(keys);
                DeadlineIndex.of(storage).cancelDeadline(conversation, null);
                return removed;
            }
            List<RecordWrite> deletes = new ArrayList<>();
            for (StorageKey key : keys) {
                FsmRecord record = held.records().getOrDefault(key, FsmRecord.EMPTY);
                if (record.exists()) {
                    deletes.add(RecordWrite.delete(key, record.version()));
                }
            }
            try {
                DeadlineIndex index = DeadlineIndex.of(storage);
                if (!index.commitsDeadlines() || deletes.isEmpty()) {
                    index.cancelDeadline(conversation, null); // under the lock: no update can schedule meanwhile
                }
                held.release(storage, deletes, DeadlineChange.cancel(conversation));
                return deletes.size();
            }
            catch (FsmConflictException ex) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw ex;
                }
            }
            finally {
                held.release(storage, null);
            }
        }
    }

    private static Map<StorageKey, List<StorageKey>> byConversation(List<StorageKey> keys) {
        Map<StorageKey, List<StorageKey>> groups = new LinkedHashMap<>();
        for (StorageKey key : keys) {
            groups.computeIfAbsent(key.withDestiny(StorageKey.DEFAULT_DESTINY), k -> new ArrayList<>()).add(key);
        }
        return groups;
    }

    private synchronized LeaseKeeper leases() {
        if (leases == null) {
            leases = new LeaseKeeper();
        }
        return leases;
    }

    /**
     * Stops the renewal thread of the locks, if an erase made one; a later erase makes another.
     */
    @Override
    public synchronized void close() {
        if (leases != null) {
            leases.close();
            leases = null;
        }
    }
}
