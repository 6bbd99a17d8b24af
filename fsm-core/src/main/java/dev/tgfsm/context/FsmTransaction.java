package dev.tgfsm.context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.codec.FsmCodec;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.WriteBatch;

/**
 * A unit of work on one conversation: every slot (destiny) it touches is loaded lazily and at most
 * once, changes are buffered, and {@link #commit()} writes all changed slots in one atomic,
 * version-checked batch. Nothing is written when nothing changed; nothing is written if the
 * transaction is closed without a commit.
 *
 * <p>With a cross-instance lock ({@link ContextOptions#lockLease()}), the lock is taken when the
 * transaction begins, together with the preloaded slots in the same round trip, renewed while the
 * transaction is open, and released by the commit's write (or by {@link #close()}). So a handler
 * that reads data, updates it and sets the state costs two storage round trips in all.
 *
 * <p>A transaction belongs to one update; its methods are thread-safe but it is not meant to be
 * shared between updates.
 */
public final class FsmTransaction implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FsmTransaction.class);

    private final FsmStorage storage;

    private final StorageKey key;

    private final ContextOptions options;

    private final FsmCodec codec;

    private final Map<String, Slot> slots = new LinkedHashMap<>();

    private final List<StateChangeListener> listeners = new CopyOnWriteArrayList<>();

    private final List<Runnable> afterCommit = new ArrayList<>();

    private final LeaseKeeper.Held lock;

    private boolean finished;

    FsmTransaction(FsmStorage storage, StorageKey key, ContextOptions options, FsmCodec codec, LeaseKeeper leases) {
        this.storage = Objects.requireNonNull(storage, "storage must not be null");
        this.key = Objects.requireNonNull(key, "key must not be null").withDestiny(StorageKey.DEFAULT_DESTINY);
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        if (options.lockLease() != null) {
            List<StorageKey> preload = preloadKeys();
            this.lock = Objects.requireNonNull(leases, "leases must not be null when a lock lease is configured")
                    .acquire(storage, this.key, options.lockLease(), options.lockWait(), preload);
            for (StorageKey k : preload) {
                slot(k.destiny()).loaded(lock.records().getOrDefault(k, FsmRecord.EMPTY));
            }
        }
        else {
            this.lock = null;
        }
    }

    /**
     * Returns the conversation's key in the default destiny.
     *
     * @return the key
     */
    public StorageKey key() {
        return key;
    }

    /**
     * Returns the context of the main slot.
     *
     * @return the context
     */
    public FsmContext context() {
        return context(StorageKey.DEFAULT_DESTINY);
    }

    /**
     * Returns the context of a slot of this conversation.
     *
     * @param destiny the destiny
     * @return the context
     */
    public synchronized FsmContext context(String destiny) {
        return slot(destiny);
    }

    /**
     * Adds a listener told of every state change in this transaction.
     *
     * @param listener the listener
     */
    public void addListener(StateChangeListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    /**
     * Adds work to run once, right after the next successful {@link #commit()} (for side effects
     * that must only happen if the changes were stored, such as deleting chat messages). The work
     * runs on the committing thread; if it throws, the exception is logged and the rest still runs.
     * If the commit fails or the transaction is closed without one, the work is dropped.
     *
     * @param work the work
     */
    public synchronized void afterCommit(Runnable work) {
        afterCommit.add(Objects.requireNonNull(work, "work must not be null"));
    }

    /**
     * Tells whether any slot has buffered changes.
     *
     * @return {@code true} if a commit would write
     */
    public synchronized boolean isDirty() {
        return slots.values().stream().anyMatch(Slot::isDirty);
    }

    /**
     * Writes every changed slot in one atomic batch and releases the lock. Writes nothing if nothing
     * changed (then only the lock is released, if one is held). The transaction stays usable: later
     * changes can be committed again (without the lock, which is gone).
     *
     * @throws dev.tgfsm.storage.FsmConflictException if another writer changed a slot since it was
     *         loaded; nothing was written
     */
    public synchronized void commit() {
        checkOpen();
        List<RecordWrite> writes = new ArrayList<>();
        List<Slot> written = new ArrayList<>();
        for (Slot slot : slots.values()) {
            RecordWrite write = slot.toWrite();
            if (write != null) {
                writes.add(write);
                written.add(slot);
            }
        }
        boolean releasing = lock != null && !lock.isReleased();
        try {
            if (writes.isEmpty()) {
                if (releasing) {
                    lock.release(storage, null);
                }
                runAfterCommit();
                return;
            }
            if (releasing) {
                lock.release(storage, writes);
            }
            else {
                storage.save(new WriteBatch(writes, null, null));
            }
            for (int i = 0; i < writes.size(); i++) {
                written.get(i).committed(writes.get(i));
            }
            log.debug("Committed {} slot(s) of {}", writes.size(), key);
            runAfterCommit();
        }
        finally {
            if (releasing) {
                finished = true;
            }
        }
    }

    /**
     * Ends the transaction. Uncommitted changes are dropped; a lock still held is released.
     */
    private void runAfterCommit() {
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

    @Override
    public synchronized void close() {
        afterCommit.clear();
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

    ContextOptions options() {
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

    void beforeStateChange(Slot slot, String from, String to) {
        for (StateChangeListener listener : listeners) {
            listener.stateChanging(slot.key(), from, to);
        }
    }

    /** Loads the slot, together with every other slot that should be loaded and is not yet. */
    synchronized void ensureLoaded(Slot slot) {
        if (slot.isLoaded()) {
            return;
        }
        List<StorageKey> wanted = new ArrayList<>();
        wanted.add(slot.key());
        if (slot.key().destiny().equals(StorageKey.DEFAULT_DESTINY)) {
            for (StorageKey k : preloadKeys()) {
                Slot other = slots.get(k.destiny());
                if (!k.equals(slot.key()) && (other == null || !other.isLoaded())) {
                    wanted.add(k);
                }
            }
        }
        Map<StorageKey, FsmRecord> records = storage.loadAll(wanted);
        for (StorageKey k : wanted) {
            slot(k.destiny()).loaded(records.getOrDefault(k, FsmRecord.EMPTY));
        }
    }

    private Slot slot(String destiny) {
        return slots.computeIfAbsent(destiny, d -> new Slot(this, key.withDestiny(d)));
    }

    private List<StorageKey> preloadKeys() {
        List<StorageKey> keys = new ArrayList<>(options.preload().size());
        for (String destiny : options.preload()) {
            keys.add(key.withDestiny(destiny));
        }
        return keys;
    }
}
