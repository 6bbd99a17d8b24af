package dev.tgfsm.context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.RecordMap;
import dev.tgfsm.storage.RecordWrite;

/**
 * The data of one {@link DataScope} (a user across chats, a chat across users, the bot) as one unit
 * of work sees it: entries read from the scope's record, loaded lazily (or with the conversation
 * when the scope is declared in {@link ContextConfig#preload()}), and changes buffered as
 * operations (set, remove, add to a number, clear).
 *
 * <p><b>Writing.</b> The changes are recorded as one operation in the conversation's main record,
 * in the same atomic write as the conversation's commit, and then applied to the scope's record in
 * a version-checked write that also remembers the operation's id, so that applying it again changes
 * nothing; the operation is cleared from the conversation in the same atomic write where the
 * storage {@linkplain FsmStorage#writesTogether writes both together}, else right
 * after (see {@code ScopeOperations}). When another update changed the scope meanwhile (the same
 * user in another chat), the record is read again and the operations are applied to it, until the
 * write succeeds: entries set by concurrent updates are merged entry by entry (the last writer of one
 * entry wins) and {@link #increment} never loses a count.
 *
 * <p><b>What is atomic.</b> The conversation's commit and the recording of its scope changes are one
 * atomic write; so are the scope writes and the clearing where the storage can (standalone Redis,
 * SQL, memory, and a user's data with the user's private chat on Redis Cluster). A scope record in
 * another Redis Cluster hash slot is written after, on its own, and the clearing follows its write:
 * three writes (the commit, the scope writes sent together, the clearing with the lock's release),
 * each waiting for the one before, as the order is what keeps a change exactly once. A failed
 * conversation commit changes no scope; a scope write that fails, times out or is cut short by a
 * crash is finished by the next unit of work that loads the conversation (its next update, or work
 * on it from outside), before anything reads the scope. So every committed change is applied to its
 * scope exactly once, eventually: at once in the normal case, later after a failure. A scope record
 * forgets an applied operation's id only once its conversation no longer holds the operation, so no
 * number of other operations in between makes one apply twice.
 *
 * <p><b>The library's own entries.</b> Entries whose names start with {@value #INTERNAL_PREFIX} are
 * the library's bookkeeping, not the application's or the user's data (the count of a chat's
 * {@code /reset}s that per-message conversations compare with): {@link #all()} and {@link #as}
 * leave them out, and so do {@code Privacy.export} and the starter's conversations endpoint
 * ({@link #visible}); {@link #clear()} keeps them. {@link #get(String)} still reads one by its name.
 */
public final class ScopedData {

    /** The name prefix of the library's own entries, kept out of what applications, exports and admins see. */
    public static final String INTERNAL_PREFIX = "tgfsm.";

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
     * Returns every entry, with this unit of work's changes applied, but the library's own
     * ({@value #INTERNAL_PREFIX}).
     *
     * @return an unmodifiable snapshot
     */
    public Map<String, @Nullable Object> all() {
        synchronized (owner) {
            ensureLoaded();
            return visible(view());
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
        synchronized (owner) {
            ensureLoaded();
            return view().get(name);
        }
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
     * Removes every entry (including entries other updates set before this one is written) but the
     * library's own ({@value #INTERNAL_PREFIX}).
     */
    public void clear() {
        synchronized (owner) {
            ensureLoaded();
            owner.checkOpen();
            data = changes.clear(data);
            unversioned = false;
        }
    }

    /**
     * Tells whether an entry is one of the library's own ({@value #INTERNAL_PREFIX}).
     *
     * @param name the entry's name
     * @return {@code true} for the library's bookkeeping
     */
    public static boolean isInternal(String name) {
        return name.startsWith(INTERNAL_PREFIX);
    }

    /**
     * Returns a scope's entries as applications, exports and admins see them: without the library's
     * own ({@link #isInternal}).
     *
     * @param data a scope's entries, as stored or as a unit of work sees them
     * @return the entries without the internal ones; {@code data} itself when it has none
     */
    public static Map<String, @Nullable Object> visible(Map<String, @Nullable Object> data) {
        return RecordMap.without(data, ScopedData::isInternal);
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

    /** The buffered changes, handed over to an operation of the commit; the buffer is empty after. */
    ScopeChanges takeChanges() {
        ScopeChanges taken = changes.copy();
        changes.reset();
        return taken;
    }

    /** Gives back changes {@link #takeChanges} took, whose commit failed, ahead of any made since. */
    void giveBack(ScopeChanges taken) {
        ScopeChanges later = changes.copy();
        changes.reset();
        for (ScopeChanges part : List.of(taken, later)) {
            changes.addAll(part);
        }
    }

    /** The scope's record as this unit of work last read or wrote it, read now if it never did. */
    FsmRecord current(FsmStorage storage) {
        return loaded != null ? loaded : storage.load(key);
    }

    /**
     * The version-checked write that applies an operation's changes to the record {@code base} and
     * remembers the operation's id; {@code null} when {@code base} remembers the id already (then
     * this unit of work takes {@code base} as the scope's record).
     */
    @Nullable
    RecordWrite writeOnce(FsmStorage storage, FsmRecord base, String id, ScopeChanges ops) {
        if (ScopeOperations.applied(base, id)) {
            refreshed(base);
            return null;
        }
        // changes made to data of an older version apply to its upgraded form, stored as current
        FsmRecord next = ops.applyTo(upgraded(base));
        next = next.withData(ConversationVersions.stamp(owner.options().dataVersions(), DataVersions.subjectOf(scope),
                next.data())).withMeta(ScopeOperations.remember(next.meta(), id, owner.key(), storage));
        return RecordWrite.put(key, next, base.version(), null).withBase(base);
    }

    /** Takes note that a write of {@link #writeOnce} was stored. */
    void written(RecordWrite write) {
        refreshed(Objects.requireNonNull(write.record()).withVersion(write.expectedVersion() + 1));
    }

    /** Takes a record read or written after this unit of work loaded the scope, keeping the buffered changes. */
    private void refreshed(FsmRecord record) {
        loaded = record;
        data = record.data();
        unversioned = owner.options().dataVersions() != DataVersions.NONE;
        if (!changes.isEmpty()) {
            data = changes.appliedTo(view());
        }
    }

    private void ensureLoaded() {
        owner.ensureScopeLoaded(this);
    }

    @Override
    public String toString() {
        return "ScopedData[" + key + "]";
    }
}
