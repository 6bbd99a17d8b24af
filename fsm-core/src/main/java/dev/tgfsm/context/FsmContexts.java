package dev.tgfsm.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.codec.FsmCodec;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.ThrottleResult;
import dev.tgfsm.storage.ThrottleStorage;

/**
 * Gives contexts for any conversation: units of work ({@link #inTransaction}), and write-through
 * contexts for code outside handlers (an external event that changes a user's state directly,
 * {@link #writeThrough}).
 *
 * <p>One instance serves the whole application and is thread-safe. In Spring it is a bean of the
 * starter, closed with the application context; without Spring,
 * {@link #FsmContexts(FsmStorage, FsmCodec, ContextConfig)} makes one, which the application closes
 * ({@link #close()}) when it stops. The engine's side (units of work for updates, with their lock and
 * outbox) is reached through the internal {@link FsmTransactions}.
 */
public final class FsmContexts implements AutoCloseable {

    private static final int MAX_ATTEMPTS = 10;

    private final FsmStorage storage;

    private final FsmCodec codec;

    private final ContextConfig options;

    private final @Nullable LeaseKeeper leases;

    /** Whether {@link #close()} closes {@link #leases} (these contexts made it). */
    private final boolean ownsLeases;

    private final @Nullable OutboxRelay relay;

    /**
     * The options of units of work begun before {@link #preferencesMoved()}: while preferences of
     * earlier versions may remain in the {@value ContextConfig#PREFERENCES_DESTINY} destiny, that
     * destiny is read with the conversation when the user scope is, so that a user without data in
     * the user scope costs no extra round trip when a preference is read.
     */
    private final ContextConfig earlierOptions;

    private volatile boolean preferencesMoved;

    private volatile boolean closed;

    /**
     * Creates the factory without an outbox. When {@code options} have a lock lease, its units of
     * work take the conversation's cross-instance lock, renewed by a daemon thread of its own, which
     * {@link #close()} stops.
     *
     * @param storage the storage
     * @param codec the codec used to convert values
     * @param options TTL, locking and preloading of every unit of work
     */
    public FsmContexts(FsmStorage storage, FsmCodec codec, ContextConfig options) {
        this(storage, codec, options, options != null && options.lockLease() != null ? new LeaseKeeper() : null,
                null, true);
    }

    /**
     * Creates the factory with the engine's lease keeper and outbox ({@link FsmTransactions#contexts}):
     * Bot API calls queued in a unit of work are stored with its commit and sent after it. The lease
     * keeper stays the caller's: {@link #close()} does not close it.
     *
     * @param leases takes cross-instance locks; required when {@code options} has a lock lease
     * @param relay stores, sends and acknowledges outbox calls, or {@code null} for no outbox
     */
    FsmContexts(FsmStorage storage, FsmCodec codec, ContextConfig options, @Nullable LeaseKeeper leases,
            @Nullable OutboxRelay relay) {
        this(storage, codec, options, leases, relay, false);
    }

    private FsmContexts(FsmStorage storage, FsmCodec codec, ContextConfig options, @Nullable LeaseKeeper leases,
            @Nullable OutboxRelay relay, boolean ownsLeases) {
        this.relay = relay;
        this.storage = Objects.requireNonNull(storage, "storage must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.earlierOptions = withEarlierPreferences(options);
        if (options.lockLease() != null && leases == null) {
            throw new IllegalArgumentException("A LeaseKeeper is needed when options have a lock lease");
        }
        this.leases = leases;
        this.ownsLeases = ownsLeases;
    }

    /**
     * Tells units of work begun from now on that no conversation keeps preferences in its
     * {@value ContextConfig#PREFERENCES_DESTINY} destiny any more (they were moved into the user
     * scope, see {@code dev.tgfsm.preferences.PreferencesMove}), so that a user without data in the
     * user scope costs no read of that destiny. Until then such a user's preferences are read from
     * there, one read more when first asked for.
     */
    public void preferencesMoved() {
        preferencesMoved = true;
    }

    /**
     * Tells whether {@link #preferencesMoved()} was called.
     *
     * @return {@code true} once the preferences of earlier versions are known to be moved
     */
    public boolean arePreferencesMoved() {
        return preferencesMoved;
    }

    /** The options with the old preferences' destiny preloaded, when the user scope is preloaded. */
    private static ContextConfig withEarlierPreferences(ContextConfig options) {
        List<String> preload = options.preload();
        if (!preload.contains(DataScope.USER.destiny()) || preload.contains(ContextConfig.PREFERENCES_DESTINY)) {
            return options;
        }
        List<String> more = new ArrayList<>(preload);
        more.add(ContextConfig.PREFERENCES_DESTINY);
        return new ContextConfig(options.ttl(), options.lockLease(), options.lockWait(), more,
                options.persistentDestinies(), options.dataVersions());
    }

    /** The options of a unit of work begun now. */
    private ContextConfig optionsNow() {
        return preferencesMoved ? options : earlierOptions;
    }

    private FsmTransaction earlier(FsmTransaction tx) {
        if (!preferencesMoved) {
            tx.earlierPreferences();
        }
        return tx;
    }

    /**
     * Returns the storage behind the contexts.
     *
     * @return the storage
     */
    public FsmStorage storage() {
        return storage;
    }

    /** The outbox relay of every unit of work, or {@code null} when there is no outbox. */
    @Nullable
    OutboxRelay outboxRelay() {
        return relay;
    }

    /**
     * Returns the options of every unit of work.
     *
     * @return the options
     */
    public ContextConfig options() {
        return options;
    }

    /**
     * Begins a unit of work on a conversation, taking its cross-instance lock if configured.
     * Close it (try-with-resources) after committing.
     *
     * @param key any key of the conversation
     * @return the unit of work
     * @throws dev.tgfsm.storage.LockTimeoutException if the lock stayed busy too long
     */
    FsmTransaction begin(StorageKey key) {
        checkOpen();
        return earlier(new FsmTransaction(storage, key, optionsNow(), codec, leases, relay));
    }

    /**
     * Tells whether a unit of work takes the conversation's cross-instance lock, so that a
     * rate-limit step can ride in the lock request ({@link #begin(StorageKey, ThrottleRequest, Consumer)}).
     *
     * @return {@code true} if the options have a lock lease
     */
    public boolean locks() {
        return options.lockLease() != null;
    }

    /**
     * Begins a unit of work as {@link #begin(StorageKey)} does, with a rate-limit step riding in the
     * lock request (one round trip for both where the storage
     * {@linkplain ThrottleStorage#throttlesWithLock combines them}) or, without a lock lease, in the
     * unit of work's first load ({@link ThrottleStorage#throttleAndLoad}). {@code decided} hears the
     * step's result as soon as it is known; when it refused, nothing was locked or loaded and this
     * returns {@code null}.
     *
     * @param key any key of the conversation
     * @param throttle the rate-limit step
     * @param decided told the step's result, once (not when the store could not be reached)
     * @return the unit of work, or {@code null} when the step refused
     * @throws dev.tgfsm.storage.LockTimeoutException if the lock stayed busy too long
     */
    @Nullable
    FsmTransaction begin(StorageKey key, ThrottleRequest throttle, Consumer<ThrottleResult> decided) {
        return begin(key, throttle, decided, Lease.NO_TURN);
    }

    /**
     * Begins a unit of work for an update as {@link #begin(StorageKey, ThrottleRequest, Consumer)}
     * does, its lock asking for the update's turn: while the conversation is busy the update id is
     * announced in the store, and the lock goes to the lowest announced update id first
     * ({@link Lease#turn()}).
     *
     * @param key any key of the conversation
     * @param throttle the rate-limit step, or {@code null} for none
     * @param decided told the step's result, once; required with a step
     * @param turn the update id, or {@link Lease#NO_TURN}
     * @return the unit of work, or {@code null} when the step refused
     * @throws dev.tgfsm.storage.LockTimeoutException if the lock stayed busy too long
     */
    @Nullable
    FsmTransaction begin(StorageKey key, @Nullable ThrottleRequest throttle, @Nullable Consumer<ThrottleResult> decided,
            long turn) {
        if (throttle != null) {
            Objects.requireNonNull(decided, "decided must not be null");
        }
        checkOpen();
        FsmTransaction tx = new FsmTransaction(storage, key, optionsNow(), codec, leases, relay, throttle, decided,
                turn);
        return tx.refused() ? null : earlier(tx);
    }

    /**
     * Runs work while holding the conversation's cross-instance lock (when the options have one),
     * without loading any record: for work on records that cannot be decoded, which must still not
     * race the conversation's updates on other instances.
     *
     * @param key any key of the conversation
     * @param work the work
     * @param <T> the result type
     * @return what the work returned
     * @throws dev.tgfsm.storage.LockTimeoutException if the lock stayed busy too long
     */
    public <T> T withLock(StorageKey key, Supplier<T> work) {
        Objects.requireNonNull(work, "work must not be null");
        checkOpen();
        if (options.lockLease() == null) {
            return work.get();
        }
        LeaseKeeper.Held held = leases.acquire(storage, key.withDestiny(StorageKey.DEFAULT_DESTINY),
                options.lockLease(), options.lockWait(), List.of());
        try {
            return work.get();
        }
        finally {
            held.release(storage, null);
        }
    }

    /**
     * Runs work in a unit of work and commits it, retrying the whole work (up to 10 times) when
     * another writer got in first. The work must therefore only change state and data, and send
     * messages through the unit of work's {@linkplain UnitOfWork#outbox() outbox} (sent once,
     * after the commit that succeeded), never directly. With a lock lease in the options, the work
     * holds the conversation's lock, so it never races an update of the same conversation.
     *
     * @param key any key of the conversation
     * @param work reads and changes the conversation
     * @param <T> the result type
     * @return what the work returned
     * @throws dev.tgfsm.storage.FsmConflictException if other writers got in first 10 times
     * @throws dev.tgfsm.storage.LockTimeoutException if the lock stayed busy too long
     */
    public <T> T inTransaction(StorageKey key, Function<? super UnitOfWork, T> work) {
        return transact(key, work);
    }

    /** {@link #inTransaction}, the work given the engine's unit of work. */
    <T> T transact(StorageKey key, Function<? super FsmTransaction, T> work) {
        for (int attempt = 1;; attempt++) {
            try (FsmTransaction tx = begin(key)) {
                T result = work.apply(tx);
                tx.commit();
                return result;
            }
            catch (FsmConflictException ex) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw ex;
                }
            }
        }
    }

    /**
     * Runs work on several conversations with one load of their main records ({@link FsmStorage#loadAll})
     * and one write of their changes ({@link FsmStorage#saveEach}, pipelined on Redis), without
     * their cross-instance locks: for background work that rarely meets an update of the same
     * conversation (the outbox's acknowledgements). Each conversation's write is version-checked on
     * its own, so it never overwrites a newer record: a conversation whose update committed since the
     * load is not written, and reported. Queued calls are sent, and deliveries acknowledged, only
     * for the conversations written.
     *
     * <p>The work must not change deadlines.
     *
     * @param keys any keys of the conversations
     * @param work reads and changes each conversation's context
     * @return the conversations not written, with why (a conflict, the store unavailable); empty
     *         when all were
     */
    Map<StorageKey, RuntimeException> inOneWrite(List<StorageKey> keys, Consumer<? super FsmTransaction> work) {
        Objects.requireNonNull(work, "work must not be null");
        checkOpen();
        return SharedWrite.run(storage, keys,
                (main, record) -> earlier(new FsmTransaction(storage, main, options, codec, relay, record)), work);
    }

    /**
     * Closes the contexts: no unit of work begins from now on ({@link #inTransaction} and
     * {@link #withLock} throw {@link IllegalStateException} without reaching the storage), and the
     * lease keeper that {@link #FsmContexts(FsmStorage, FsmCodec, ContextConfig)} made for a lock
     * lease stops its renewal thread; a keeper handed in by the engine is left to its owner (in
     * Spring, the starter's bean). Close them once the work using them has ended (the starter's bean
     * closes with the application context, after the update dispatcher has drained): a unit of work
     * still open can commit, but its lease is no longer renewed and may lapse. Write-through contexts
     * ({@link #writeThrough}) hold nothing of these contexts and keep working. Calling it again does
     * nothing.
     */
    @Override
    public void close() {
        closed = true;
        if (ownsLeases && leases != null) {
            leases.close();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("These FsmContexts are closed: no unit of work begins after close()");
        }
    }

    /**
     * Returns a context whose every call goes straight to the storage.
     *
     * @param key the slot
     * @return the context
     */
    public FsmContext writeThrough(StorageKey key) {
        return new WriteThroughFsmContext(storage, key, codec, options);
    }
}
