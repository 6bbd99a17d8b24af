package dev.tgfsm.context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.WriteBatch;

/**
 * The data of one {@link DataScope} (a user across chats, a chat across users, the bot) as one unit
 * of work sees it: entries read from the scope's record, loaded lazily (or with the conversation
 * when the scope is declared in {@link ContextConfig#preload()}), and changes buffered as
 * operations (set, remove, add to a number, clear).
 *
 * <p><b>Writing.</b> The changes are written by the unit of work's commit, right after the
 * conversation's own records and before its outbox is sent: one version-checked write per changed
 * scope. When another update changed the scope meanwhile (the same user in another chat), the
 * write is not lost: the record is read again and the operations are applied to it, until the write
 * succeeds. So entries set by concurrent updates are merged entry by entry (the last writer of one
 * entry wins) and {@link #increment} never loses a count. The scope is not written in the same
 * atomic write as the conversation (it is another key, on Redis Cluster another hash slot): a
 * failed conversation commit writes no scope change, and a process that dies between the two
 * writes loses the scope's change, never the conversation's. A scope write the storage does not
 * answer is logged as lost; a server that was only frozen may still apply it when it resumes, so
 * the change is applied at most once. A conversation commit the storage does not answer but
 * applies later has its scope changes written by the one that finds it applied (the dispatcher's
 * next attempt of the update, see {@link FsmTransaction#pendingScopeChanges()} and
 * {@link FsmTransaction#carry}).
 */
public final class ScopedData {

    private final FsmTransaction owner;

    private final DataScope scope;

    private final StorageKey key;

    private final ScopeChanges changes = new ScopeChanges();

    private @Nullable FsmRecord loaded;

    private Map<String, @Nullable Object> data = Map.of();

    /** Whether {@link #data} is still as stored, not yet brought to the current version (done on first use). */
    private boolean unversioned;

    ScopedData(FsmTransaction owner, DataScope scope, StorageKey key) {
        this.owner = owner;
        this.scope = scope;
        this.key = key;
    }

    /**
     * Returns the scope.
     *
     * @return the scope
     */
    public DataScope scope() {
        return scope;
    }

    /**
     * Returns the key of the scope's record.
     *
     * @return the key
     */
    public StorageKey key() {
        return key;
    }

    /**
     * Returns every entry, with this unit of work's changes applied.
     *
     * @return an unmodifiable snapshot
     */
    public Map<String, @Nullable Object> all() {
        synchronized (owner) {
            ensureLoaded();
            return view();
        }
    }

    /**
     * Returns one entry as stored.
     *
     * @param name the entry
     * @return its plain value, or {@code null}
     */
    public @Nullable Object get(String name) {
        Objects.requireNonNull(name, "name must not be null");
        return all().get(name);
    }

    /**
     * Returns one entry converted to a type.
     *
     * @param name the entry
     * @param type the type
     * @param <T> the type
     * @return the value, or {@code null} if unset
     */
    public <T> @Nullable T get(String name, Class<T> type) {
        return owner.codec().fromPlain(get(name), type);
    }

    /**
     * Returns one entry, or a default when unset.
     *
     * @param name the entry
     * @param type the type
     * @param defaultValue returned when the entry is unset
     * @param <T> the type
     * @return the value or the default
     */
    public <T> T get(String name, Class<T> type, T defaultValue) {
        T value = get(name, type);
        return value != null ? value : defaultValue;
    }

    /**
     * Sets one entry; {@code null} removes it.
     *
     * @param name the entry
     * @param value the value, converted to plain JSON, or {@code null}
     */
    public void set(String name, @Nullable Object value) {
        Objects.requireNonNull(name, "name must not be null");
        synchronized (owner) {
            ensureLoaded();
            owner.checkOpen();
            data = changes.set(view(), name, owner.codec().toPlain(value));
        }
    }

    /**
     * Adds to a whole-number entry (an unset entry counts as 0); concurrent increments of other
     * updates are all kept.
     *
     * @param name the entry
     * @param delta the amount to add, may be negative
     * @return the entry's value as this unit of work sees it
     * @throws IllegalStateException if the entry holds something other than a whole number
     */
    public long increment(String name, long delta) {
        Objects.requireNonNull(name, "name must not be null");
        synchronized (owner) {
            ensureLoaded();
            owner.checkOpen();
            data = changes.add(view(), name, delta);
            return ((Number) data.get(name)).longValue();
        }
    }

    /**
     * Returns every entry as one typed object (a record or bean whose properties are the entries).
     *
     * @param type the type
     * @param <T> the type
     * @return the object
     */
    public <T> T as(Class<T> type) {
        return owner.codec().fromPlain(all(), type);
    }

    /**
     * Sets the entries to the properties of a typed object; a property that is {@code null} removes
     * its entry, other entries are kept.
     *
     * @param value the object, for example a record
     */
    public void put(Object value) {
        Objects.requireNonNull(value, "value must not be null");
        Object plain = owner.codec().toPlain(value);
        if (!(plain instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("Scoped data must be an object with properties, not "
                    + value.getClass().getName());
        }
        Map<String, Object> entries = new LinkedHashMap<>();
        map.forEach((k, v) -> entries.put(k.toString(), v));
        synchronized (owner) {
            ensureLoaded();
            owner.checkOpen();
            view();
            for (Map.Entry<String, Object> e : entries.entrySet()) {
                data = changes.set(data, e.getKey(), e.getValue());
            }
        }
    }

    /**
     * Removes every entry (including entries other updates set before this one is written).
     */
    public void clear() {
        synchronized (owner) {
            ensureLoaded();
            owner.checkOpen();
            data = changes.clear();
            unversioned = false;
        }
    }

    /**
     * Returns the conversation's slot where this scope's data may remain from before scopes existed:
     * the {@value ContextConfig#PREFERENCES_DESTINY} destiny for the {@linkplain DataScope#USER user
     * scope} until the preferences kept there were moved (see {@link FsmContexts#preferencesMoved()}),
     * else {@code null}. Reading it costs a read of its own.
     *
     * @return the slot, or {@code null} when nothing can remain
     */
    public @Nullable FsmContext storedEarlier() {
        return owner.storedEarlier(scope);
    }

    boolean isLoaded() {
        return loaded != null;
    }

    void loaded(FsmRecord record) {
        loaded = record;
        data = record.data();
        unversioned = owner.options().dataVersions() != DataVersions.NONE;
        changes.reset();
    }

    /** The data in the current version's form, upgraded on first use. */
    private Map<String, @Nullable Object> view() {
        if (unversioned) {
            data = ConversationVersions.upgrade(owner.options().dataVersions(), key, scope, data);
            unversioned = false;
        }
        return data;
    }

    /** A record with the stored data brought to the current version, or {@code base} itself when current. */
    private FsmRecord upgraded(FsmRecord base) {
        DataVersions versions = owner.options().dataVersions();
        if (versions == DataVersions.NONE) {
            return base;
        }
        Map<String, @Nullable Object> current = ConversationVersions.upgrade(versions, key, scope, base.data());
        return current == base.data() ? base : base.withData(current);
    }

    boolean isDirty() {
        return !changes.isEmpty();
    }

    /** A copy of the buffered changes. */
    ScopeChanges changes() {
        return changes.copy();
    }

    /** Adds the changes another unit of work buffered but did not write, for the next write. */
    void carry(ScopeChanges other) {
        ensureLoaded();
        owner.checkOpen();
        data = changes.append(view(), other);
    }

    /**
     * Writes the buffered changes in a version-checked write, applying them to the freshly read
     * record and writing again while another writer wins the race.
     */
    void write(FsmStorage storage) {
        if (changes.isEmpty()) {
            return;
        }
        FsmRecord base = loaded;
        for (int attempt = 1;; attempt++) {
            // changes made to data of an older version apply to its upgraded form, stored as current
            FsmRecord view = upgraded(base);
            FsmRecord next = changes.applyTo(view);
            if (next == view) {
                loaded(base);
                return;
            }
            if (next != null) {
                next = next.withData(ConversationVersions.stamp(owner.options().dataVersions(),
                        DataVersions.subjectOf(scope), next.data()));
            }
            RecordWrite write = next == null ? RecordWrite.delete(key, base.version()).withBase(base)
                    : RecordWrite.put(key, next, base.version(), null).withBase(base);
            try {
                storage.save(WriteBatch.of(write));
                loaded(next == null ? FsmRecord.EMPTY : next.withVersion(base.version() + 1));
                return;
            }
            catch (FsmConflictException ex) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw ex;
                }
                base = storage.load(key);
            }
        }
    }

    /** How often a scope write is tried again against a fresh record before it gives up. */
    static final int MAX_ATTEMPTS = 1000;

    private void ensureLoaded() {
        owner.ensureScopeLoaded(this);
    }

    @Override
    public String toString() {
        return "ScopedData[" + key + "]";
    }
}
