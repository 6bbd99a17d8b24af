package dev.tgfsm.context;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.ThrottleResult;
import dev.tgfsm.storage.ThrottleStorage;

/**
 * The slots (destinies) and scoped data one unit of work ({@link FsmTransaction}) touched, in the
 * order first touched, and their loading: which records are read when the unit of work begins,
 * with a slot first used, and with a scope first used, and where each loaded record goes.
 *
 * <p>Not thread-safe: used only while holding the transaction's monitor.
 */
final class TransactionSlots {

    private final FsmTransaction owner;

    private final FsmStorage storage;

    /** The conversation's key in the default destiny. */
    private final StorageKey key;

    private final ContextConfig options;

    /** The first slot touched (nearly always the only one), kept out of a map to save allocations. */
    private @Nullable Slot firstSlot;

    /** The other slots in the order they were touched, or {@code null} while there is only one. */
    private @Nullable Map<String, Slot> moreSlots;

    /** The scoped data touched, created by the first one. */
    private @Nullable Map<DataScope, ScopedData> scopes;

    TransactionSlots(FsmTransaction owner, FsmStorage storage, StorageKey key, ContextConfig options) {
        this.owner = owner;
        this.storage = storage;
        this.key = key;
        this.options = options;
    }

    /** Returns the slot of a destiny, created (not loaded) when first asked for. */
    Slot slot(String destiny) {
        Slot slot = existing(destiny);
        if (slot != null) {
            return slot;
        }
        slot = new Slot(owner, key.withDestiny(destiny));
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

    /** Returns the slot of a destiny if it was touched, else {@code null}. */
    @Nullable
    Slot existing(String destiny) {
        if (firstSlot != null && firstSlot.key().destiny().equals(destiny)) {
            return firstSlot;
        }
        return moreSlots == null ? null : moreSlots.get(destiny);
    }

    /** Returns the main slot if it was touched and loaded, else {@code null}. */
    @Nullable
    Slot loadedMain() {
        Slot main = existing(StorageKey.DEFAULT_DESTINY);
        return main != null && main.isLoaded() ? main : null;
    }

    /** Returns the data of a scope, created (not loaded) when first asked for. */
    ScopedData scope(DataScope scope) {
        if (scopes == null) {
            scopes = new EnumMap<>(DataScope.class);
        }
        ScopedData data = scopes.get(scope);
        if (data == null) {
            data = new ScopedData(owner, scope, scope.keyOf(key));
            scopes.put(scope, data);
        }
        return data;
    }

    /** Returns the scoped data touched, or an empty collection. */
    Collection<ScopedData> scopes() {
        return scopes == null ? List.of() : scopes.values();
    }

    /** Tells whether a scope has buffered changes. */
    boolean scopesDirty() {
        if (scopes != null) {
            for (ScopedData data : scopes.values()) {
                if (data.isDirty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Tells whether a slot or a scope has buffered changes. */
    boolean isDirty() {
        if (scopesDirty()) {
            return true;
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

    /** The writes of the changed slots, in the order the slots were first touched. */
    List<RecordWrite> pendingWrites() {
        if (moreSlots == null) {
            RecordWrite write = firstSlot == null ? null : firstSlot.toWrite();
            return write == null ? List.of() : List.of(write);
        }
        List<RecordWrite> writes = new ArrayList<>();
        for (Slot slot : all()) {
            RecordWrite write = slot.toWrite();
            if (write != null) {
                writes.add(write);
            }
        }
        return writes;
    }

    /** Tells each written slot that its write was stored. */
    void committed(List<RecordWrite> writes) {
        for (int i = 0; i < writes.size(); i++) {
            RecordWrite write = writes.get(i);
            existing(write.key().destiny()).committed(write);
        }
    }

    /** Every slot, in the order they were first touched. */
    private List<Slot> all() {
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
    List<StorageKey> preloadKeys() {
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

    /**
     * Runs a rate-limit step in the first load, without a lock ({@link ThrottleStorage#throttleAndLoad}):
     * the main record and the preloaded ones are loaded unless the step refused.
     *
     * @param decided told the step's result, once
     * @return whether the step let the update through
     */
    boolean throttleAndLoad(ThrottleRequest throttle, Consumer<ThrottleResult> decided) {
        List<StorageKey> preload = preloadKeys();
        if (!preload.contains(key)) {
            preload.add(0, key);
        }
        LockAttempt attempt = ThrottleStorage.of(storage).throttleAndLoad(preload, throttle);
        decided.accept(attempt.throttle());
        if (attempt.throttled()) {
            return false;
        }
        loaded(preload, attempt.records());
        return true;
    }

    /**
     * Hands records loaded together to their slots and scopes, an empty record to each key not found.
     *
     * @return whether the main record was among them
     */
    boolean loaded(List<StorageKey> keys, Map<StorageKey, FsmRecord> records) {
        boolean main = false;
        for (int i = 0; i < keys.size(); i++) {
            StorageKey k = keys.get(i);
            loaded(k, records.getOrDefault(k, FsmRecord.EMPTY));
            main |= k.equals(key);
        }
        return main;
    }

    /** Hands a record loaded with others to its slot or scope. */
    void loaded(StorageKey k, FsmRecord record) {
        DataScope scope = k.destiny().equals(StorageKey.DEFAULT_DESTINY) ? null
                : DataScope.ofDestiny(k.destiny()).orElse(null);
        if (scope != null && k.equals(scope.keyOf(key))) {
            scope(scope).loaded(record);
        }
        else {
            slot(k.destiny()).loaded(record);
        }
    }

    /**
     * Loads a slot that is not loaded yet, together with every other slot and scope that should be
     * loaded and is not yet (the declared ones, when the slot is the main one).
     *
     * @return whether the main record was loaded
     */
    boolean load(Slot slot) {
        List<StorageKey> wanted = List.of(slot.key());
        if (slot.key().destiny().equals(StorageKey.DEFAULT_DESTINY)) {
            List<String> preload = options.preload();
            for (int i = 0; i < preload.size(); i++) {
                String destiny = preload.get(i);
                DataScope scope = DataScope.ofDestiny(destiny).orElse(null);
                if (scope != null) {
                    if (!scope(scope).isLoaded()) {
                        if (wanted.size() == 1) {
                            wanted = new ArrayList<>(wanted);
                        }
                        wanted.add(scope.keyOf(key));
                    }
                    continue;
                }
                StorageKey k = key.withDestiny(destiny);
                Slot other = existing(destiny);
                if (!k.equals(slot.key()) && (other == null || !other.isLoaded())) {
                    if (wanted.size() == 1) {
                        wanted = new ArrayList<>(wanted);
                    }
                    wanted.add(k);
                }
            }
        }
        return loaded(wanted, storage.loadAll(wanted));
    }

    /**
     * Loads a scope that is not loaded yet, together with the other declared scopes that are not
     * loaded yet and, unless it is loaded, the main record (which may hold scope operations to finish
     * before the scope is read).
     *
     * @return whether the main record was loaded
     */
    boolean load(ScopedData data) {
        List<StorageKey> wanted = new ArrayList<>(4);
        wanted.add(data.key());
        if (loadedMain() == null) {
            wanted.add(key);
        }
        for (String destiny : options.preload()) {
            DataScope scope = DataScope.ofDestiny(destiny).orElse(null);
            if (scope != null && scope != data.scope() && !scope(scope).isLoaded()) {
                wanted.add(scope.keyOf(key));
            }
        }
        return loaded(wanted, storage.loadAll(wanted));
    }
}
