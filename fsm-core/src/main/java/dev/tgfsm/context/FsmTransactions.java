package dev.tgfsm.context;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.Internal;
import dev.tgfsm.codec.FsmCodec;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.ThrottleResult;

/**
 * The engine's side of {@link FsmContexts}: contexts built with the engine's lease keeper and
 * outbox, units of work begun for updates (with a rate-limit step riding in the lock request, in an
 * update's turn) and for background work, and the engine's {@link FsmTransaction} behind the
 * {@link UnitOfWork} that bot code sees. The API of {@code FsmContexts} keeps only what a bot author
 * calls ({@code writeThrough}, {@code inTransaction} with a {@code UnitOfWork}).
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class FsmTransactions {

    private FsmTransactions() {
    }

    /**
     * Creates the contexts of an application.
     *
     * @param storage the storage
     * @param codec the codec used to convert values
     * @param options TTL, locking and preloading of every unit of work
     * @param leases takes cross-instance locks; required when {@code options} has a lock lease
     * @param relay stores, sends and acknowledges outbox calls, or {@code null} for no outbox
     * @return the contexts
     */
    public static FsmContexts contexts(FsmStorage storage, FsmCodec codec, ContextConfig options,
            @Nullable LeaseKeeper leases, @Nullable OutboxRelay relay) {
        return new FsmContexts(storage, codec, options, leases, relay);
    }

    /**
     * Creates the contexts of an application without an outbox.
     *
     * @param storage the storage
     * @param codec the codec used to convert values
     * @param options TTL, locking and preloading of every unit of work
     * @param leases takes cross-instance locks; required when {@code options} has a lock lease
     * @return the contexts
     */
    public static FsmContexts contexts(FsmStorage storage, FsmCodec codec, ContextConfig options,
            @Nullable LeaseKeeper leases) {
        return new FsmContexts(storage, codec, options, leases, null);
    }

    /**
     * Returns the outbox relay of every unit of work of the contexts.
     *
     * @param contexts the contexts
     * @return the relay, or {@code null} when there is no outbox
     */
    public static @Nullable OutboxRelay outboxRelay(FsmContexts contexts) {
        return contexts.outboxRelay();
    }

    /**
     * Begins a unit of work on a conversation, taking its cross-instance lock if configured.
     * Close it (try-with-resources) after committing.
     *
     * @param contexts the contexts
     * @param key any key of the conversation
     * @return the unit of work
     * @throws dev.tgfsm.storage.LockTimeoutException if the lock stayed busy too long
     */
    public static FsmTransaction begin(FsmContexts contexts, StorageKey key) {
        return contexts.begin(key);
    }

    /**
     * Begins a unit of work with a rate-limit step riding in the lock request or in the first load
     * (see {@link #begin(FsmContexts, StorageKey, ThrottleRequest, Consumer, long)}).
     *
     * @param contexts the contexts
     * @param key any key of the conversation
     * @param throttle the rate-limit step
     * @param decided told the step's result, once (not when the store could not be reached)
     * @return the unit of work, or {@code null} when the step refused
     * @throws dev.tgfsm.storage.LockTimeoutException if the lock stayed busy too long
     */
    public static @Nullable FsmTransaction begin(FsmContexts contexts, StorageKey key, ThrottleRequest throttle,
            Consumer<ThrottleResult> decided) {
        return contexts.begin(key, throttle, decided);
    }

    /**
     * Begins a unit of work for an update, its lock asking for the update's turn: while the
     * conversation is busy the update id is announced in the store, and the lock goes to the lowest
     * announced update id first ({@link Lease#turn()}). A rate-limit step may ride in the lock
     * request (one round trip for both where the storage combines them) or, without a lock lease,
     * in the first load; {@code decided} hears its result as soon as it is known, and when it
     * refused, nothing was locked or loaded.
     *
     * @param contexts the contexts
     * @param key any key of the conversation
     * @param throttle the rate-limit step, or {@code null} for none
     * @param decided told the step's result, once; required with a step
     * @param turn the update id, or {@link Lease#NO_TURN}
     * @return the unit of work, or {@code null} when the step refused
     * @throws dev.tgfsm.storage.LockTimeoutException if the lock stayed busy too long
     */
    public static @Nullable FsmTransaction begin(FsmContexts contexts, StorageKey key,
            @Nullable ThrottleRequest throttle, @Nullable Consumer<ThrottleResult> decided, long turn) {
        return contexts.begin(key, throttle, decided, turn);
    }

    /**
     * Runs work in a unit of work and commits it, retrying on conflicts, as
     * {@link FsmContexts#inTransaction} does, the work given the engine's unit of work.
     *
     * @param contexts the contexts
     * @param key any key of the conversation
     * @param work reads and changes the conversation
     * @param <T> the result type
     * @return what the work returned
     */
    public static <T> T inTransaction(FsmContexts contexts, StorageKey key, Function<? super FsmTransaction, T> work) {
        return contexts.transact(key, work);
    }

    /**
     * Runs work on several conversations with one load of their main records and one write of
     * their changes, without their locks: for background work that rarely meets an update of the
     * same conversation (the outbox's acknowledgements). Each conversation's write is
     * version-checked on its own; queued calls are sent only for the conversations written. The
     * work must not change deadlines.
     *
     * @param contexts the contexts
     * @param keys any keys of the conversations
     * @param work reads and changes each conversation's unit of work
     * @return the conversations not written, with why; empty when all were
     */
    public static Map<StorageKey, RuntimeException> inOneWrite(FsmContexts contexts, List<StorageKey> keys,
            Consumer<? super FsmTransaction> work) {
        return contexts.inOneWrite(keys, work);
    }

    /**
     * Returns the engine's unit of work behind the view bot code has of it.
     *
     * @param work the unit of work
     * @return the same object as the engine's transaction
     */
    public static FsmTransaction of(UnitOfWork work) {
        return (FsmTransaction) Objects.requireNonNull(work, "work must not be null");
    }
}
