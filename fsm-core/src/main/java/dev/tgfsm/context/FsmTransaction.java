package dev.tgfsm.context;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.Internal;
import dev.tgfsm.codec.FsmCodec;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.Outbox;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.storage.DeadlineChange;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.ThrottleResult;
import dev.tgfsm.storage.ThrottleStorage;
import dev.tgfsm.storage.WriteBatch;

/**
 * A unit of work on one conversation: every slot (destiny) it touches is loaded lazily and at most
 * once, changes are buffered, and {@link #commit()} writes all changed slots in one atomic,
 * version-checked batch. Nothing is written when nothing changed; nothing is written if the
 * transaction is closed without a commit.
 *
 * <p>With a cross-instance lock ({@link ContextConfig#lockLease()}), the lock is taken when the
 * transaction begins, together with the preloaded slots in the same round trip, renewed while the
 * transaction is open, and released by the commit's write (or by {@link #close()}). So a handler
 * that reads data, updates it and sets the state costs two storage round trips in all.
 *
 * <p>Bot API calls queued in its {@link #outbox()} are stored with the commit and sent after it
 * succeeded (see {@link Outbox}); a failed commit sends nothing.
 *
 * <p>A transaction belongs to one update; its methods are thread-safe but it is not meant to be
 * shared between updates.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class FsmTransaction implements UnitOfWork, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FsmTransaction.class);

    /** The main record's bookkeeping entry holding the token of the last commit marked with one. */
    static final String COMMIT_TOKEN = "tgfsm.commit";

    private final FsmStorage storage;

    private final StorageKey key;

    private final ContextConfig options;

    private final FsmCodec codec;

    /** The first slot touched (nearly always the only one), kept out of a map to save allocations. */
    private @Nullable Slot firstSlot;

    /** The other slots in the order they were touched, or {@code null} while there is only one. */
    private @Nullable Map<String, Slot> moreSlots;

    /** Created by the first listener; copy on write, so a listener may add another while told. */
    private volatile @Nullable List<StateChangeListener> listeners;

    /** Created by the first work added. */
    private @Nullable List<Runnable> afterCommit;

    private final LeaseKeeper.@Nullable Held lock;

    private final @Nullable OutboxRelay relay;

    private @Nullable Outbox outbox;

    private @Nullable String language;

    private Set<String> appliedFollowUps = Set.of();

    private @Nullable DeadlineChange deadline;

    /** The scoped data touched, created by the first one. */
    private @Nullable Map<DataScope, ScopedData> scopes;

    private boolean finished;

    private boolean refused;

    /** Whether preferences of earlier versions may remain in the conversation's own destiny. */
    private boolean earlierPreferences;

    /** What {@link #prepareShared} prepared, until {@link #sharedWriteDone} hears how the write went. */
    private @Nullable List<RecordWrite> shared;

    private OutboxRelay.@Nullable Prepared sharedEffects;

    /** The scope operation recorded in the shared write, applied once it succeeded. */
    private ScopeOperations.@Nullable Operation sharedOperation;

    /** The scope operations of this unit of work and those an earlier commit left to finish. */
    private final ScopeCommits scopeCommits;

    FsmTransaction(FsmStorage storage, StorageKey key, ContextConfig options, FsmCodec codec,
            @Nullable LeaseKeeper leases, @Nullable OutboxRelay relay) {
        this(storage, key, options, codec, leases, relay, null, null);
    }

    /**
     * Begins the unit of work with a rate-limit step riding in the lock request, or without a lock
     * in the first load; when the step refuses, the transaction is {@link #refused} and holds nothing.
     */
    FsmTransaction(FsmStorage storage, StorageKey key, ContextConfig options, FsmCodec codec,
            @Nullable LeaseKeeper leases, @Nullable OutboxRelay relay, @Nullable ThrottleRequest throttle,
            @Nullable Consumer<ThrottleResult> decided) {
        this(storage, key, options, codec, leases, relay, throttle, decided, Lease.NO_TURN);
    }

    /**
     * Begins the unit of work as above, its lock asking for the turn of an update
     * ({@link LeaseKeeper#acquire(FsmStorage, StorageKey, java.time.Duration, java.time.Duration, List,
     * ThrottleRequest, Consumer, long)}).
     */
    FsmTransaction(FsmStorage storage, StorageKey key, ContextConfig options, FsmCodec codec,
            @Nullable LeaseKeeper leases, @Nullable OutboxRelay relay, @Nullable ThrottleRequest throttle,
            @Nullable Consumer<ThrottleResult> decided, long turn) {
        this.relay = relay;
        this.storage = Objects.requireNonNull(storage, "storage must not be null");
        this.key = Objects.requireNonNull(key, "key must not be null").withDestiny(StorageKey.DEFAULT_DESTINY);
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        this.scopeCommits = new ScopeCommits(storage, this.key, this::scopeData);
        if (options.lockLease() != null) {
            List<StorageKey> preload = preloadKeys();
            this.lock = Objects.requireNonNull(leases, "leases must not be null when a lock lease is configured")
                    .acquire(storage, this.key, options.lockLease(), options.lockWait(), preload, throttle, decided,
                            turn);
            if (lock == null) {
                refused = true;
                finished = true;
                return;
            }
            for (StorageKey k : preload) {
                preloaded(k, lock.records().getOrDefault(k, FsmRecord.EMPTY));
            }
            mainLoaded();
        }
        else {
            this.lock = null;
            if (throttle != null) {
                Objects.requireNonNull(decided, "decided must not be null with a throttle request");
                List<StorageKey> preload = preloadKeys();
                if (!preload.contains(this.key)) {
                    preload.add(0, this.key);
                }
                LockAttempt attempt = ThrottleStorage.of(storage).throttleAndLoad(preload, throttle);
                decided.accept(attempt.throttle());
                if (attempt.throttled()) {
                    refused = true;
                    finished = true;
                    return;
                }
                for (StorageKey k : preload) {
                    preloaded(k, attempt.records().getOrDefault(k, FsmRecord.EMPTY));
                }
                mainLoaded();
            }
        }
    }

    /**
     * Begins an unlocked unit of work whose main slot was loaded already (with other conversations,
     * for {@link FsmContexts#inOneWrite}).
     */
    FsmTransaction(FsmStorage storage, StorageKey key, ContextConfig options, FsmCodec codec, OutboxRelay relay,
            FsmRecord main) {
        this.relay = relay;
        this.storage = Objects.requireNonNull(storage, "storage must not be null");
        this.key = Objects.requireNonNull(key, "key must not be null").withDestiny(StorageKey.DEFAULT_DESTINY);
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        this.scopeCommits = new ScopeCommits(storage, this.key, this::scopeData);
        this.lock = null;
        slot(StorageKey.DEFAULT_DESTINY).loaded(Objects.requireNonNull(main, "main must not be null"));
        mainLoaded();
    }

    /** Tells this unit of work that preferences of earlier versions may remain in {@link ContextConfig#PREFERENCES_DESTINY}. */
    void earlierPreferences() {
        earlierPreferences = true;
    }

    /**
     * The slot where a scope's data may remain from before scopes existed: the
     * {@value ContextConfig#PREFERENCES_DESTINY} destiny for the user scope while preferences may
     * remain there, else {@code null}.
     */
    synchronized @Nullable FsmContext storedEarlier(DataScope scope) {
        return scope == DataScope.USER && earlierPreferences ? slot(ContextConfig.PREFERENCES_DESTINY) : null;
    }

    /** Tells whether the rate-limit step that rode with the lock request refused the update. */
    boolean refused() {
        return refused;
    }

    /**
     * Returns the conversation's key in the default destiny.
     *
     * @return the key
     */
    @Override
    public StorageKey key() {
        return key;
    }

    /**
     * Returns the context of the main slot.
     *
     * @return the context
     */
    @Override
    public EngineContext context() {
        return context(StorageKey.DEFAULT_DESTINY);
    }

    /**
     * Returns the context of a slot of this conversation.
     *
     * @param destiny the destiny
     * @return the context
     */
    @Override
    public synchronized EngineContext context(String destiny) {
        return slot(destiny);
    }

    /**
     * Adds a listener told of every state change in this transaction.
     *
     * @param listener the listener
     */
    public void addListener(StateChangeListener listener) {
        Objects.requireNonNull(listener, "listener must not be null");
        synchronized (this) {
            if (listeners == null) {
                listeners = new CopyOnWriteArrayList<>();
            }
            listeners.add(listener);
        }
    }

    /**
     * Returns the outbox of this unit of work: Bot API calls sent only after the commit succeeded.
     *
     * @return the outbox
     */
    @Override
    public synchronized Outbox outbox() {
        if (outbox == null) {
            outbox = OutboxRelay.outboxOf(relay);
            outbox.setLanguage(language);
        }
        return outbox;
    }

    /**
     * Sets the language of the update's user (Telegram's {@code language_code}), given to the
     * {@linkplain #outbox() outbox} so that a delivery failure after the commit is told in it.
     *
     * @param language the language code, or {@code null} when unknown
     */
    public synchronized void setLanguage(@Nullable String language) {
        this.language = language;
        if (outbox != null) {
            outbox.setLanguage(language);
        }
    }

    /**
     * Adds work to run once, right after the next successful {@link #commit()} (for side effects
     * that must only happen if the changes were stored, such as deleting chat messages). The work
     * runs on the committing thread; if it throws, the exception is logged and the rest still runs.
     * If the commit fails or the transaction is closed without one, the work is dropped.
     *
     * @param work the work
     */
    @Override
    public synchronized void afterCommit(Runnable work) {
        Objects.requireNonNull(work, "work must not be null");
        if (afterCommit == null) {
            afterCommit = new ArrayList<>();
        }
        afterCommit.add(work);
    }

    /**
     * Tells whether any slot has buffered changes.
     *
     * @return {@code true} if a commit would write
     */
    public synchronized boolean isDirty() {
        if (scopes != null) {
            for (ScopedData data : scopes.values()) {
                if (data.isDirty()) {
                    return true;
                }
            }
        }
        if (firstSlot == null) {
            return false;
        }
        if (firstSlot.isDirty()) {
            return true;
        }
        if (moreSlots != null) {
            for (Slot slot : moreSlots.values()) {
                if (slot.isDirty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Has the next {@link #commit()} store the conversation's top-level data in the current version
     * ({@link ContextConfig#dataVersions()}) if it is stored in an older one. Reading alone upgrades
     * in memory and never writes; this is for work that upgrades stored data on purpose (the offline
     * migration job).
     *
     * @return {@code true} if the data was of an older version and is now to be written
     * @throws RuntimeException ({@code DataMigrationException}) if the stored data is newer than this
     *         code knows, or a step failed; nothing is marked then
     */
    public synchronized boolean upgradeData() {
        checkOpen();
        Slot main = slot(StorageKey.DEFAULT_DESTINY);
        ensureLoaded(main);
        return main.upgradeStored();
    }

    /**
     * Schedules this conversation in the storage's deadline index at {@code at} (or moves its
     * entry there) with the next {@link #commit()}: in the same atomic write as the records where
     * the storage {@linkplain DeadlineIndex#commitsDeadlines commits deadlines}, otherwise by a separate
     * {@link DeadlineIndex#scheduleDeadline} just before the records are written (so the index may
     * run early, never late). A later call before the commit replaces this one; a transaction
     * closed without a commit changes nothing.
     *
     * @param at when the conversation is due
     */
    public synchronized void scheduleDeadline(Instant at) {
        checkOpen();
        deadline = DeadlineChange.schedule(key, at);
    }

    /**
     * Removes this conversation from the storage's deadline index with the next {@link #commit()},
     * as {@link #scheduleDeadline} does for a schedule.
     */
    public synchronized void cancelDeadline() {
        checkOpen();
        deadline = DeadlineChange.cancel(key);
    }

    /**
     * Marks the next {@link #commit()} with a new random token, kept in the main record's
     * bookkeeping (never shown to handlers or users), so that a later unit of work can tell
     * whether a commit whose outcome was unknown (the storage did not answer) was applied:
     * {@link #lastCommitToken()} then returns it.
     *
     * @return the token
     */
    public synchronized String tokenNextCommit() {
        checkOpen();
        String token = UUID.randomUUID().toString();
        slot(StorageKey.DEFAULT_DESTINY).setBookkeeping(COMMIT_TOKEN, token);
        return token;
    }

    /**
     * Returns the token of the last commit marked with {@link #tokenNextCommit()}, as this unit of
     * work loaded (or committed) the main record.
     *
     * @return the token, or {@code null} when none is stored
     */
    public synchronized @Nullable String lastCommitToken() {
        return slot(StorageKey.DEFAULT_DESTINY).bookkeeping(COMMIT_TOKEN) instanceof String token ? token : null;
    }

    /**
     * Returns the deadline index change the next commit carries.
     *
     * @return the change, or {@code null} for none
     */
    public synchronized @Nullable DeadlineChange pendingDeadline() {
        return deadline;
    }

    /**
     * Writes every changed slot in one atomic batch and releases the lock, then sends the outbox's
     * calls. Writes nothing if nothing changed and the outbox is empty (then only the lock is
     * released, if one is held). A failed write sends nothing. The transaction stays usable: later
     * changes can be committed again (without the lock, which is gone).
     *
     * @throws dev.tgfsm.storage.FsmConflictException if another writer changed a slot since it was
     *         loaded; nothing was written
     */
    public synchronized void commit() {
        checkOpen();
        finishInherited();
        ScopeOperations.Operation operation = recordScopeOperation();
        boolean releasing = lock != null && !lock.isReleased();
        OutboxRelay.Prepared effects = null;
        try {
            effects = prepareOutbox(releasing);
        }
        catch (RuntimeException ex) {
            giveBack(operation);
            if (relay != null) {
                relay.failed(null, outbox, ex);
            }
            throw ex;
        }
        List<RecordWrite> writes = pendingWrites();
        DeadlineChange riding = deadline;
        if (riding != null && (writes.isEmpty() || !DeadlineIndex.of(storage).commitsDeadlines())) {
            riding.applyTo(storage);
            deadline = null;
            riding = null;
        }
        try {
            if (writes.isEmpty()) {
                if (releasing) {
                    lock.release(storage, null);
                }
                runAfterCommit();
                return;
            }
            try {
                if (releasing && operation == null) {
                    lock.release(storage, writes, riding);
                }
                else {
                    // with a scope operation the lock is released by the write that clears it
                    storage.save(new WriteBatch(writes, null, null, riding));
                }
                deadline = null;
            }
            catch (RuntimeException ex) {
                giveBack(operation);
                if (effects != null) {
                    relay.failed(effects, outbox, ex);
                }
                throw ex;
            }
            committed(writes);
            log.debug("Committed {} slot(s) of {}", writes.size(), key);
            if (operation != null) {
                applyCommitted(operation, releasing);
            }
            if (effects != null) {
                try {
                    relay.committed(effects);
                }
                catch (RuntimeException ex) {
                    log.warn("Sending the outbox of {} failed after its commit; it stays stored for redelivery: {}",
                            key, ex.toString());
                }
            }
            runAfterCommit();
        }
        finally {
            if (releasing) {
                finished = true;
            }
        }
    }

    /**
     * Records the buffered scope changes as one operation in the main record's bookkeeping, to be
     * written with the commit; loads the main slot if needed.
     *
     * @return the operation, or {@code null} when no scope changed
     */
    private ScopeOperations.@Nullable Operation recordScopeOperation() {
        if (scopes == null || scopes.values().stream().noneMatch(ScopedData::isDirty)) {
            return null;
        }
        Slot main = slot(StorageKey.DEFAULT_DESTINY);
        ensureLoaded(main);
        return scopeCommits.record(scopes.values(), main);
    }

    private void giveBack(ScopeOperations.@Nullable Operation operation) {
        scopeCommits.giveBack(operation, existingSlot(StorageKey.DEFAULT_DESTINY));
    }

    private void applyCommitted(ScopeOperations.Operation operation, boolean releasing) {
        scopeCommits.applyCommitted(operation, slot(StorageKey.DEFAULT_DESTINY), releasing ? lock : null);
    }

    /** Finishes the scope operations an earlier commit left in the main record, unless the unit of work ended. */
    private void finishInherited() {
        Slot main = existingSlot(StorageKey.DEFAULT_DESTINY);
        if (!finished && main != null && main.isLoaded()) {
            scopeCommits.finishInherited(main);
        }
    }

    /** The writes of the changed slots, in the order the slots were first touched. */
    private List<RecordWrite> pendingWrites() {
        if (moreSlots == null) {
            RecordWrite write = firstSlot == null ? null : firstSlot.toWrite();
            return write == null ? List.of() : List.of(write);
        }
        List<RecordWrite> writes = new ArrayList<>();
        for (Slot slot : allSlots()) {
            RecordWrite write = slot.toWrite();
            if (write != null) {
                writes.add(write);
            }
        }
        return writes;
    }

    /** Tells each written slot that its write was stored. */
    private void committed(List<RecordWrite> writes) {
        for (int i = 0; i < writes.size(); i++) {
            RecordWrite write = writes.get(i);
            existingSlot(write.key().destiny()).committed(write);
        }
    }

    /**
     * Prepares the commit of this unit of work for a write shared with other conversations' units of
     * work ({@link FsmContexts#inOneWrite}): the outbox changes the main record, and the writes are
     * returned instead of written. Nothing is sent until {@link #sharedWriteDone}. Only for a unit of
     * work without a lock and without a deadline change.
     *
     * @return the writes, possibly none
     */
    synchronized List<RecordWrite> prepareShared() {
        checkOpen();
        if (lock != null || deadline != null) {
            throw new IllegalStateException("Only a unit of work without a lock or deadline change shares a write");
        }
        try {
            sharedEffects = prepareOutbox(false);
        }
        catch (RuntimeException ex) {
            if (relay != null) {
                relay.failed(null, outbox, ex);
            }
            throw ex;
        }
        finishInherited();
        sharedOperation = recordScopeOperation();
        shared = pendingWrites();
        return shared;
    }

    /**
     * Finishes a unit of work whose writes went into a shared write: on success the slots count as
     * committed and the outbox sends and acknowledges as after {@link #commit()}; on failure nothing
     * is sent.
     *
     * @param failure why the shared write failed, or {@code null} if it succeeded
     */
    synchronized void sharedWriteDone(RuntimeException failure) {
        if (shared == null) {
            throw new IllegalStateException("prepareShared() was not called");
        }
        List<RecordWrite> done = shared;
        shared = null;
        ScopeOperations.Operation operation = sharedOperation;
        sharedOperation = null;
        if (failure != null) {
            giveBack(operation);
            if (sharedEffects != null) {
                relay.failed(sharedEffects, outbox, failure);
            }
            return;
        }
        committed(done);
        if (operation != null) {
            applyCommitted(operation, false);
        }
        if (sharedEffects != null && !done.isEmpty()) {
            try {
                relay.committed(sharedEffects);
            }
            catch (RuntimeException ex) {
                log.warn("Sending the outbox of {} failed after its commit; it stays stored for redelivery: {}",
                        key, ex.toString());
            }
        }
        runAfterCommit();
    }

    /**
     * Lets the outbox change the main record before the write: only when the main slot is loaded
     * anyway or calls are queued, so a unit of work that never read its record costs no extra read.
     */
    private OutboxRelay.@Nullable Prepared prepareOutbox(boolean releasing) {
        if (relay == null) {
            return null;
        }
        boolean queued = outbox != null && !outbox.isEmpty();
        Slot main = existingSlot(StorageKey.DEFAULT_DESTINY);
        if (!queued && (main == null || !main.isLoaded())) {
            return null;
        }
        if (main == null || !main.isLoaded()) {
            main = slot(StorageKey.DEFAULT_DESTINY);
            ensureLoaded(main);
        }
        return relay.prepare(key, main, outbox, releasing || isDirty(), appliedFollowUps);
    }

    private void runAfterCommit() {
        if (afterCommit == null || afterCommit.isEmpty()) {
            return;
        }
        List<Runnable> work = new ArrayList<>(afterCommit);
        afterCommit.clear();
        for (Runnable runnable : work) {
            try {
                runnable.run();
            }
            catch (RuntimeException ex) {
                log.warn("After-commit work of {} failed: {}", key, ex.toString());
            }
        }
    }

    /**
     * Ends the transaction. Uncommitted changes and queued calls are dropped; a lock still held is
     * released.
     */
    @Override
    public synchronized void close() {
        if (afterCommit != null) {
            afterCommit.clear();
        }
        if (lock != null && !lock.isReleased()) {
            try {
                lock.release(storage, null);
            }
            catch (RuntimeException ex) {
                log.warn("Could not release the lock of {}; it expires by itself: {}", key, ex.toString());
            }
        }
        finished = true;
    }

    ContextConfig options() {
        return options;
    }

    FsmCodec codec() {
        return codec;
    }

    void checkOpen() {
        if (finished) {
            throw new IllegalStateException("The unit of work of " + key
                    + " has ended; use FsmContexts.writeThrough for changes outside an update");
        }
    }

    void beforeStateChange(Slot slot, @Nullable String from, @Nullable String to) {
        List<StateChangeListener> told = listeners;
        if (told == null) {
            return;
        }
        for (StateChangeListener listener : told) {
            listener.stateChanging(slot.key(), from, to);
        }
    }

    /** Loads the slot, together with every other slot that should be loaded and is not yet. */
    synchronized void ensureLoaded(Slot slot) {
        if (slot.isLoaded()) {
            return;
        }
        List<StorageKey> wanted = List.of(slot.key());
        if (slot.key().destiny().equals(StorageKey.DEFAULT_DESTINY)) {
            List<String> preload = options.preload();
            for (int i = 0; i < preload.size(); i++) {
                String destiny = preload.get(i);
                DataScope scope = DataScope.ofDestiny(destiny).orElse(null);
                if (scope != null) {
                    if (!scopeData(scope).isLoaded()) {
                        if (wanted.size() == 1) {
                            wanted = new ArrayList<>(wanted);
                        }
                        wanted.add(scope.keyOf(key));
                    }
                    continue;
                }
                StorageKey k = key.withDestiny(destiny);
                Slot other = existingSlot(destiny);
                if (!k.equals(slot.key()) && (other == null || !other.isLoaded())) {
                    if (wanted.size() == 1) {
                        wanted = new ArrayList<>(wanted);
                    }
                    wanted.add(k);
                }
            }
        }
        Map<StorageKey, FsmRecord> records = storage.loadAll(wanted);
        boolean main = false;
        for (int i = 0; i < wanted.size(); i++) {
            StorageKey k = wanted.get(i);
            preloaded(k, records.getOrDefault(k, FsmRecord.EMPTY));
            main |= k.equals(key);
        }
        if (main) {
            mainLoaded();
        }
    }

    /** Lets the outbox apply the follow-ups of earlier deliveries, so this unit of work sees them. */
    private void mainLoaded() {
        Slot main = existingSlot(StorageKey.DEFAULT_DESTINY);
        if (main != null && main.isLoaded()) {
            scopeCommits.loaded(main);
        }
        if (relay != null && main != null && main.isLoaded()) {
            appliedFollowUps = relay.applyFollowUps(key, main);
        }
    }

    private Slot slot(String destiny) {
        Slot slot = existingSlot(destiny);
        if (slot != null) {
            return slot;
        }
        slot = new Slot(this, key.withDestiny(destiny));
        if (firstSlot == null) {
            firstSlot = slot;
        }
        else {
            if (moreSlots == null) {
                moreSlots = new LinkedHashMap<>();
            }
            moreSlots.put(destiny, slot);
        }
        return slot;
    }

    private @Nullable Slot existingSlot(String destiny) {
        if (firstSlot != null && firstSlot.key().destiny().equals(destiny)) {
            return firstSlot;
        }
        return moreSlots == null ? null : moreSlots.get(destiny);
    }

    /** Every slot, in the order they were first touched. */
    private List<Slot> allSlots() {
        List<Slot> all = new ArrayList<>(1 + (moreSlots == null ? 0 : moreSlots.size()));
        if (firstSlot != null) {
            all.add(firstSlot);
        }
        if (moreSlots != null) {
            all.addAll(moreSlots.values());
        }
        return all;
    }

    /**
     * The keys to load when the unit of work begins: the preloaded destinies, and the declared
     * scopes the storage can read in the same call as this conversation (the others are loaded when
     * first used).
     */
    private List<StorageKey> preloadKeys() {
        List<StorageKey> keys = new ArrayList<>(options.preload().size());
        for (String destiny : options.preload()) {
            DataScope scope = DataScope.ofDestiny(destiny).orElse(null);
            if (scope == null) {
                keys.add(key.withDestiny(destiny));
            }
            else if (storage.loadsTogether(key, scope.keyOf(key))) {
                keys.add(scope.keyOf(key));
            }
        }
        return keys;
    }

    /** Hands a record loaded with others to its slot or scope. */
    private void preloaded(StorageKey k, FsmRecord record) {
        DataScope scope = k.destiny().equals(StorageKey.DEFAULT_DESTINY) ? null
                : DataScope.ofDestiny(k.destiny()).orElse(null);
        if (scope != null && k.equals(scope.keyOf(key))) {
            scopeData(scope).loaded(record);
        }
        else {
            slot(k.destiny()).loaded(record);
        }
    }

    /**
     * Returns the data of a scope (the user across chats, the chat across users, the bot) as this
     * unit of work sees it: loaded with the conversation when declared in
     * {@link ContextConfig#preload()} (where the storage can read it in the same call), else
     * when first used together with the other declared scopes not loaded yet. Its changes are
     * written by {@link #commit()} right after the conversation's records (see {@link ScopedData}).
     *
     * @param scope the scope
     * @return the scope's data
     */
    @Override
    public synchronized ScopedData scope(DataScope scope) {
        return scopeData(Objects.requireNonNull(scope, "scope must not be null"));
    }

    ScopedData scopeData(DataScope scope) {
        if (scopes == null) {
            scopes = new EnumMap<>(DataScope.class);
        }
        ScopedData data = scopes.get(scope);
        if (data == null) {
            data = new ScopedData(this, scope, scope.keyOf(key));
            scopes.put(scope, data);
        }
        return data;
    }

    /** Loads a scope, together with the other declared scopes that are not loaded yet. */
    synchronized void ensureScopeLoaded(ScopedData data) {
        finishInherited();
        if (data.isLoaded()) {
            return;
        }
        List<StorageKey> wanted = new ArrayList<>(4);
        wanted.add(data.key());
        Slot main = existingSlot(StorageKey.DEFAULT_DESTINY);
        if (main == null || !main.isLoaded()) {
            // the conversation may hold scope operations to finish first: read with the scope
            wanted.add(key);
        }
        for (String destiny : options.preload()) {
            DataScope scope = DataScope.ofDestiny(destiny).orElse(null);
            if (scope != null && scope != data.scope() && !scopeData(scope).isLoaded()) {
                wanted.add(scope.keyOf(key));
            }
        }
        Map<StorageKey, FsmRecord> records = storage.loadAll(wanted);
        for (StorageKey k : wanted) {
            preloaded(k, records.getOrDefault(k, FsmRecord.EMPTY));
        }
        if (wanted.contains(key)) {
            mainLoaded();
            finishInherited();
        }
    }
}
