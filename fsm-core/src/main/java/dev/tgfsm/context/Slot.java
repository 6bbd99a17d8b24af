package dev.tgfsm.context;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.codec.FsmCodec;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.RecordMap;
import dev.tgfsm.storage.RecordWrite;

/**
 * One slot of a {@link FsmTransaction}: the record as loaded and the buffered changes. Maps are
 * {@link RecordMap}s replaced on every change (copy on write), so a map handed out is a snapshot, and
 * the record written and then kept as loaded shares them instead of copying them.
 */
final class Slot implements EngineContext {

    private final FsmTransaction owner;

    private final StorageKey key;

    private @Nullable FsmRecord loaded;

    private @Nullable String state;

    private Map<String, Object> data;

    private Map<String, Object> meta;

    /** The metadata changed since {@link #meta} was built: one copy per unit of work, not per change. */
    private RecordMap.@Nullable Builder metaDraft;

    private boolean dirty;

    /**
     * Whether {@link #data} is still as stored and not yet brought to the current version: only the
     * main slot's data is versioned ({@link DataVersions#CONVERSATION}), and only on first use, so
     * that a conversation whose data is newer than the code can still be cleared.
     */
    private boolean unversioned;

    /** Whether the stored data was of an older version, so that the next write stores the new form. */
    private boolean upgraded;

    Slot(FsmTransaction owner, StorageKey key) {
        this.owner = owner;
        this.key = key;
    }

    boolean isLoaded() {
        return loaded != null;
    }

    void loaded(FsmRecord record) {
        this.loaded = record;
        this.state = record.state();
        this.data = record.data();
        this.meta = record.meta();
        this.metaDraft = null;
        this.dirty = false;
        this.upgraded = false;
        this.unversioned = versioned();
    }

    /** The data in the current version's form, upgraded on first use. */
    private Map<String, Object> data() {
        if (unversioned) {
            Map<String, Object> stored = data;
            data = ConversationVersions.upgrade(owner.options().dataVersions(), key, stored);
            upgraded = data != stored
                    && ConversationVersions.isOld(owner.options().dataVersions(), DataVersions.CONVERSATION, stored);
            unversioned = false;
        }
        return data;
    }

    /** Whether this slot's data is versioned: the main slot's, with versions configured. */
    private boolean versioned() {
        return key.destiny().equals(StorageKey.DEFAULT_DESTINY) && owner.options().dataVersions() != DataVersions.NONE;
    }

    @Override
    public Map<String, @Nullable Object> versionedCopy(Map<String, ?> data) {
        if (!versioned()) {
            return EngineContext.super.versionedCopy(data);
        }
        return new LinkedHashMap<>(
                ConversationVersions.stamp(owner.options().dataVersions(), DataVersions.CONVERSATION, data));
    }

    @Override
    public Map<String, @Nullable Object> upgradeCopy(Map<String, ?> copy) {
        if (!versioned()) {
            return EngineContext.super.upgradeCopy(copy);
        }
        return ConversationVersions.upgrade(owner.options().dataVersions(), key,
                new LinkedHashMap<String, Object>(copy));
    }

    /**
     * Marks the data to be written in the current version if it is stored in an older one.
     *
     * @return {@code true} if it was older
     */
    boolean upgradeStored() {
        data();
        if (upgraded) {
            dirty = true;
        }
        return upgraded;
    }

    boolean isDirty() {
        return dirty;
    }

    long loadedVersion() {
        return loaded.version();
    }

    /**
     * The write that commits this slot, or {@code null} if nothing changed; it carries the record as
     * loaded, so that a backend can write only what changed.
     */
    @Nullable
    RecordWrite toWrite() {
        if (!dirty) {
            return null;
        }
        Map<String, Object> current = data();
        Map<String, Object> nextMeta = meta();
        if (state == null && current.isEmpty() && nextMeta.isEmpty()) {
            return loaded.exists() ? new RecordWrite(key, null, loaded.version(), null, loaded) : null;
        }
        if (key.destiny().equals(StorageKey.DEFAULT_DESTINY) && !current.isEmpty()) {
            current = ConversationVersions.stamp(owner.options().dataVersions(), DataVersions.CONVERSATION, current);
        }
        // the version and timestamps the record will be kept with once committed (a storage ignores them)
        FsmRecord next = new FsmRecord(state, current, nextMeta, loaded.version() + 1, loaded.createdAt(),
                loaded.updatedAt());
        return new RecordWrite(key, next, loaded.version(), owner.options().ttlFor(key.destiny()), loaded);
    }

    /** Takes the written record as the loaded one: the very record of the write, nothing is copied. */
    void committed(RecordWrite write) {
        loaded(write.isDelete() ? FsmRecord.EMPTY : write.record());
    }

    private void ensureLoaded() {
        owner.ensureLoaded(this);
    }

    @Override
    public StorageKey key() {
        return key;
    }

    @Override
    public @Nullable String getState() {
        synchronized (owner) {
            ensureLoaded();
            return state;
        }
    }

    @Override
    public void setState(@Nullable String stateId) {
        synchronized (owner) {
            ensureLoaded();
            owner.checkOpen();
            if (!Objects.equals(state, stateId)) {
                owner.beforeStateChange(this, state, stateId);
                state = stateId;
                dirty = true;
            }
        }
    }

    @Override
    public Map<String, @Nullable Object> getData() {
        synchronized (owner) {
            ensureLoaded();
            return data();
        }
    }

    @Override
    public void setData(Map<String, ?> newData) {
        Objects.requireNonNull(newData, "data must not be null");
        synchronized (owner) {
            ensureLoaded();
            owner.checkOpen();
            Map<String, Object> plain = toPlain(newData);
            if (!plain.equals(data())) {
                data = plain;
                dirty = true;
            }
        }
    }

    @Override
    public Map<String, @Nullable Object> updateData(Map<String, ?> patch) {
        Objects.requireNonNull(patch, "patch must not be null");
        synchronized (owner) {
            ensureLoaded();
            owner.checkOpen();
            FsmCodec codec = owner.codec();
            data(); // brings the field to the current version's form before it is patched
            RecordMap.Builder merged = null;
            int left = patch.size();
            for (Map.Entry<String, ?> e : patch.entrySet()) {
                left--;
                String name = Objects.requireNonNull(e.getKey(), "data keys must not be null");
                Object plain = codec.toPlain(e.getValue());
                if (merged == null) {
                    Object old = data.get(name);
                    if (old != null ? old.equals(plain) : plain == null && data.containsKey(name)) {
                        continue;
                    }
                    if (left == 0) {
                        // the only change (the usual patch of one entry): copied once, without a builder
                        data = RecordMap.with(data, name, plain);
                        dirty = true;
                        return data;
                    }
                    merged = RecordMap.builder(data.size() + patch.size()).putAll(data);
                }
                merged.put(name, plain);
            }
            if (merged != null) {
                data = merged.build();
                dirty = true;
            }
            return data;
        }
    }

    @Override
    public void clear() {
        synchronized (owner) {
            ensureLoaded();
            owner.checkOpen();
            if (state != null || !data.isEmpty()) {
                owner.beforeStateChange(this, state, null);
                state = null;
                data = Map.of();
                unversioned = false;
                dirty = true;
            }
        }
    }

    @Override
    public SessionMetadata session() {
        synchronized (owner) {
            ensureLoaded();
            return new SessionMetadata(loaded.createdAt(), loaded.updatedAt(),
                    SessionMetadata.countOf(loaded.meta().get(SessionMetadata.META_MESSAGES)));
        }
    }

    @Override
    public EngineContext destiny(String destiny) {
        return owner.context(destiny);
    }

    @Override
    public ScopedData scope(DataScope scope) {
        return owner.scope(scope);
    }

    @Override
    public <T> @Nullable T convert(@Nullable Object value, Type type) {
        return owner.codec().fromPlain(value, type);
    }

    @Override
    public @Nullable Object getMeta(String name) {
        // the engine's bookkeeping of commits is never shown (FsmRecord.BOOKKEEPING_PREFIX)
        return FsmRecord.isBookkeeping(name) ? null : bookkeeping(name);
    }

    @Override
    public void setMeta(String name, @Nullable Object value) {
        if (FsmRecord.isBookkeeping(name)) {
            throw new IllegalArgumentException(
                    "Metadata named '" + name + "' is reserved for the engine's bookkeeping");
        }
        setBookkeeping(name, value);
    }

    /** Discards the buffered changes, back to the record as last loaded or committed. */
    void discardChanges() {
        loaded(loaded);
    }

    /** Reads any metadata entry, the engine's bookkeeping included. */
    @Nullable
    Object bookkeeping(String name) {
        synchronized (owner) {
            ensureLoaded();
            return metaDraft != null ? metaDraft.get(name) : meta.get(name);
        }
    }

    /** Sets any metadata entry, the engine's bookkeeping included. */
    void setBookkeeping(String name, @Nullable Object value) {
        synchronized (owner) {
            ensureLoaded();
            owner.checkOpen();
            Object plain = owner.codec().toPlain(value);
            Object old = metaDraft != null ? metaDraft.get(name) : meta.get(name);
            if (plain == null
                    ? old == null && !(metaDraft != null ? metaDraft.containsKey(name) : meta.containsKey(name))
                    : sameValue(old, plain)) {
                return;
            }
            if (metaDraft == null) {
                metaDraft = RecordMap.builder(meta.size() + 1).putAll(meta);
            }
            if (plain == null) {
                metaDraft.remove(name);
            }
            else {
                metaDraft.put(name, plain);
            }
            dirty = true;
        }
    }

    /** The metadata, built from the draft once its changes are done. */
    private Map<String, Object> meta() {
        if (metaDraft != null) {
            meta = metaDraft.build();
            metaDraft = null;
        }
        return meta;
    }

    /** {@link Objects#equals}, comparing two lists by index instead of through iterators. */
    private static boolean sameValue(@Nullable Object a, Object b) {
        if (a instanceof List<?> x && b instanceof List<?> y && x instanceof RandomAccess
                && y instanceof RandomAccess) {
            int n = x.size();
            if (n != y.size()) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (!Objects.equals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return b.equals(a);
    }

    private Map<String, Object> toPlain(Map<String, ?> values) {
        FsmCodec codec = owner.codec();
        RecordMap.Builder plain = RecordMap.builder(values.size());
        for (Map.Entry<String, ?> e : values.entrySet()) {
            plain.put(Objects.requireNonNull(e.getKey(), "data keys must not be null"), codec.toPlain(e.getValue()));
        }
        return plain.build();
    }

    @Override
    public String toString() {
        return "FsmContext[" + key + "]";
    }
}
