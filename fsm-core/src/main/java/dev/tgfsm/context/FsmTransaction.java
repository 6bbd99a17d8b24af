package dev.tgfsm.context;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

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
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.ThrottleResult;

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
 * shared between updates. Its parts work under its monitor: {@code TransactionSlots} holds the slots
 * and scopes touched and loads them, {@code TransactionCommit} assembles and writes the commit,
 * {@code TransactionOutbox} holds the outbox and the after-commit work, and {@code ScopeCommits} the
 * scope operations.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class FsmTransaction implements UnitOfWork, AutoCloseable {

    /** The main record's bookkeeping entry holding the token of the last commit marked with one. */
    static final String COMMIT_TOKEN = "tgfsm.commit";

    private final StorageKey key;

    private final ContextConfig options;

    private final FsmCodec codec;

    /** The slots and scopes touched, and their loading. */
    private final TransactionSlots slots;

    /** The outbox's calls and the after-commit work. */
    private final TransactionOutbox outbox;

    /**
     * The scope operations of this unit of work and those an earlier commit left to finish; created
     * when the first is found or recorded ({@link #scopeCommits()}).
     */
    private @Nullable ScopeCommits scopeCommits;

    private final FsmStorage storage;

    /** The lock taken when the unit of work began, or {@code null} without one. */
    private final LeaseKeeper.@Nullable Held lock;

    /** The deadline index change the next commit carries, or {@code null} for none. */
    private @Nullable DeadlineChange deadline;

    /** Created by the first listener; copy on write, so a listener may add another while told. */
    private volatile @Nullable List<StateChangeListener> listeners;

    private boolean finished;

    private boolean refused;

    /** Whether preferences of earlier versions may remain in the conversation's own destiny. */
    private boolean earlierPreferences;

    FsmTransaction(FsmStorage storage, StorageKey key, ContextConfig options, FsmCodec codec,
            @Nullable LeaseKeeper leases, @Nullable OutboxRelay relay) {
        this(storage, key, options, codec, leases, relay, null, null, Lease.NO_TURN);
    }

    /**
     * Begins the unit of work with a rate-limit step riding in the lock request, or without a lock
     * in the first load, its lock asking for the turn of an update
     * ({@link LeaseKeeper#acquire(FsmStorage, StorageKey, java.time.Duration, java.time.Duration, List,
     * ThrottleRequest, Consumer, long)}); when the step refuses, the transaction is {@link #refused}
     * and holds nothing.
     */
    FsmTransaction(FsmStorage storage, StorageKey key, ContextConfig options, FsmCodec codec,
            @Nullable LeaseKeeper leases, @Nullable OutboxRelay relay, @Nullable ThrottleRequest throttle,
            @Nullable Consumer<ThrottleResult> decided, long turn) {
        Objects.requireNonNull(storage, "storage must not be null");
        this.key = Objects.requireNonNull(key, "key must not be null").withDestiny(StorageKey.DEFAULT_DESTINY);
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        this.slots = new TransactionSlots(this, storage, this.key, options);
        this.outbox = new TransactionOutbox(this.key, relay);
        this.storage = storage;
        LeaseKeeper.Held lock = null;
        if (options.lockLease() != null) {
            List<StorageKey> preload = slots.preloadKeys();
            lock = Objects.requireNonNull(leases, "leases must not be null when a lock lease is configured")
                    .acquire(storage, this.key, options.lockLease(), options.lockWait(), preload, throttle, decided,
                            turn);
            refused = lock == null;
            if (lock != null) {
                slots.loaded(preload, lock.records());
            }
        }
        else {
            refused = throttle != null && !slots.throttleAndLoad(throttle,
                    Objects.requireNonNull(decided, "decided must not be null with a throttle request"));
        }
        this.lock = lock;
        finished = refused;
        if (!refused) {
            mainLoaded();
        }
    }

    /**
     * Begins an unlocked unit of work whose main slot was loaded already (with other conversations,
     * for {@link FsmContexts#inOneWrite}).
     */
    FsmTransaction(FsmStorage storage, StorageKey key, ContextConfig options, FsmCodec codec, OutboxRelay relay,
            FsmRecord main) {
        Objects.requireNonNull(storage, "storage must not be null");
        this.key = Objects.requireNonNull(key, "key must not be null").withDestiny(StorageKey.DEFAULT_DESTINY);
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        this.slots = new TransactionSlots(this, storage, this.key, options);
        this.outbox = new TransactionOutbox(this.key, relay);
        this.storage = storage;
        this.lock = null;
        slots.slot(StorageKey.DEFAULT_DESTINY).loaded(Objects.requireNonNull(main, "main must not be null"));
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
        return scope == DataScope.USER && earlierPreferences ? slots.slot(ContextConfig.PREFERENCES_DESTINY) : null;
    }

    /** Tells whether the rate-limit step that rode with the lock request refused the update. */
    boolean refused() {
        return refused;
    }

    @Override
    public StorageKey key() {
        return key;
    }

    @Override
    public EngineContext context() {
        return context(StorageKey.DEFAULT_DESTINY);
    }

    @Override
    public synchronized EngineContext context(String destiny) {
        return slots.slot(destiny);
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

    @Override
    public synchronized Outbox outbox() {
        return outbox.outbox();
    }

    /**
     * Sets the language of the update's user (Telegram's {@code language_code}), given to the
     * {@linkplain #outbox() outbox} so that a delivery failure after the commit is told in it.
     *
     * @param language the language code, or {@code null} when unknown
     */
    public synchronized void setLanguage(@Nullable String language) {
        outbox.setLanguage(language);
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
        outbox.afterCommit(Objects.requireNonNull(work, "work must not be null"));
    }

    /**
     * Tells whether any slot has buffered changes.
     *
     * @return {@code true} if a commit would write
     */
    public synchronized boolean isDirty() {
        return slots.isDirty();
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
        return main().upgradeStored();
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
        slots.slot(StorageKey.DEFAULT_DESTINY).setBookkeeping(COMMIT_TOKEN, token);
        return token;
    }

    /**
     * Returns the token of the last commit marked with {@link #tokenNextCommit()}, as this unit of
     * work loaded (or committed) the main record.
     *
     * @return the token, or {@code null} when none is stored
     */
    public synchronized @Nullable String lastCommitToken() {
        return slots.slot(StorageKey.DEFAULT_DESTINY).bookkeeping(COMMIT_TOKEN) instanceof String token ? token
                : null;
    }

    /** Returns the deadline index change the next commit carries, or {@code null} for none. */
    synchronized @Nullable DeadlineChange pendingDeadline() {
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
        TransactionCommit.commit(this);
    }

    /**
     * Prepares the commit of this unit of work for a write shared with other conversations' units of
     * work ({@link SharedWrite}): the outbox changes the main record, and the writes are returned
     * instead of written. Nothing is sent until {@link #sharedWriteDone}. Only for a unit of work
     * without a lock and without a deadline change.
     *
     * @return the writes, possibly none, with what to do once they are written
     */
    synchronized TransactionCommit.SharedPart prepareShared() {
        checkOpen();
        return TransactionCommit.prepareShared(this);
    }

    /**
     * Finishes a unit of work whose writes went into a shared write: on success the slots count as
     * committed and the outbox sends and acknowledges as after {@link #commit()}; on failure nothing
     * is sent.
     *
     * @param part what {@link #prepareShared()} returned
     * @param failure why the shared write failed, or {@code null} if it succeeded
     */
    synchronized void sharedWriteDone(TransactionCommit.SharedPart part, @Nullable RuntimeException failure) {
        TransactionCommit.sharedWriteDone(this, part, failure);
    }

    /**
     * Ends the transaction. Uncommitted changes and queued calls are dropped; a lock still held is
     * released.
     */
    @Override
    public synchronized void close() {
        outbox.dropAfterCommit();
        TransactionCommit.releaseLock(this);
        finished = true;
    }

    ContextConfig options() {
        return options;
    }

    FsmStorage storage() {
        return storage;
    }

    LeaseKeeper.@Nullable Held lock() {
        return lock;
    }

    @Nullable
    DeadlineChange deadline() {
        return deadline;
    }

    void deadline(@Nullable DeadlineChange change) {
        deadline = change;
    }

    TransactionSlots slots() {
        return slots;
    }

    TransactionOutbox outboxPart() {
        return outbox;
    }

    /** The scope operations, created by the first use. */
    ScopeCommits scopeCommits() {
        ScopeCommits commits = scopeCommits;
        if (commits == null) {
            commits = new ScopeCommits(storage, key, slots::scope);
            scopeCommits = commits;
        }
        return commits;
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
        if (!slot.isLoaded() && slots.load(slot)) {
            mainLoaded();
        }
    }

    /** Returns the main slot, loaded. */
    Slot main() {
        Slot main = slots.slot(StorageKey.DEFAULT_DESTINY);
        ensureLoaded(main);
        return main;
    }

    /** Lets the scope commits and the outbox see the loaded main record (follow-ups of earlier deliveries). */
    private void mainLoaded() {
        Slot main = slots.loadedMain();
        if (main != null) {
            if (main.bookkeeping(ScopeOperations.PENDING) != null) {
                scopeCommits().loaded(main);
            }
            outbox.mainLoaded(main);
        }
    }

    /** Finishes the scope operations an earlier commit left in the main record, unless the unit of work ended. */
    void finishInherited() {
        Slot main = slots.loadedMain();
        if (!finished && main != null && scopeCommits != null) {
            scopeCommits.finishInherited(main);
        }
    }

    /** Ends the unit of work after its commit released the lock: it refuses changes from now on. */
    void finish() {
        finished = true;
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
        return slots.scope(Objects.requireNonNull(scope, "scope must not be null"));
    }

    /** Loads a scope, together with the other declared scopes that are not loaded yet. */
    synchronized void ensureScopeLoaded(ScopedData data) {
        finishInherited();
        if (data.isLoaded()) {
            return;
        }
        if (slots.load(data)) {
            mainLoaded();
            finishInherited();
        }
    }
}
