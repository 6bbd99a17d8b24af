package dev.tgfsm.context;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;

/**
 * How a unit of work treats its conversation.
 *
 * @param ttl the time to live of records after each write (sliding), or {@code null} to keep them
 * @param lockLease the lease of the cross-instance lock taken for the whole unit of work, or
 *        {@code null} to rely on in-process isolation only (one instance)
 * @param lockWait how long to wait for a lock held by another instance before failing
 * @param preload destinies loaded together with the main slot, in the same round trip
 * @param persistentDestinies destinies written without {@code ttl}, kept until deleted (by default
 *        {@value #PREFERENCES_DESTINY}, the preferences, which have no idle expiry)
 * @param dataVersions the versions of the conversations' top-level data and of scope data,
 *        {@link DataVersions#NONE} for unversioned data
 */
public record ContextConfig(@Nullable Duration ttl, @Nullable Duration lockLease, Duration lockWait,
        List<String> preload,
        Set<String> persistentDestinies, DataVersions dataVersions) {

    /** The destiny of preferences, persistent by default. */
    public static final String PREFERENCES_DESTINY = "prefs";

    /**
     * The default lease of the cross-instance lock: short, because it is renewed every third of it
     * while the handler runs, and it is all a dead holder can block its conversation for.
     */
    public static final Duration DEFAULT_LOCK_LEASE = Duration.ofSeconds(5);

    /**
     * The default wait for a busy cross-instance lock: three default leases, so a lease left by a
     * dead holder always lapses within one wait.
     */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(15);

    /**
     * Validates the options.
     *
     * @param ttl the sliding time to live, positive, or {@code null} to keep records until deleted
     * @param lockLease the cross-instance lock lease, at least 1 ms, or {@code null} for in-process isolation only
     * @param lockWait how long to wait for a busy lock, zero or positive, not {@code null}
     * @param preload the destinies read with the main slot; copied
     * @param persistentDestinies the destinies written without a TTL; {@code null} is taken as none
     * @param dataVersions the versions of versioned data; {@code null} is taken as {@link DataVersions#NONE}
     */
    public ContextConfig {
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("ttl must be positive or null, was " + ttl);
        }
        if (lockLease != null && lockLease.toMillis() <= 0) {
            throw new IllegalArgumentException("lockLease must be positive or null, was " + lockLease);
        }
        Objects.requireNonNull(lockWait, "lockWait must not be null");
        if (lockWait.isNegative()) {
            throw new IllegalArgumentException("lockWait must not be negative, was " + lockWait);
        }
        preload = List.copyOf(preload);
        persistentDestinies = persistentDestinies == null ? Set.of() : Set.copyOf(persistentDestinies);
        dataVersions = dataVersions == null ? DataVersions.NONE : dataVersions;
    }

    /**
     * Options with unversioned data.
     *
     * @param ttl the time to live of records after each write, or {@code null}
     * @param lockLease the lease of the cross-instance lock, or {@code null}
     * @param lockWait how long to wait for a busy lock
     * @param preload destinies loaded together with the main slot
     * @param persistentDestinies the destinies written without a TTL
     */
    public ContextConfig(@Nullable Duration ttl, @Nullable Duration lockLease, Duration lockWait, List<String> preload,
            Set<String> persistentDestinies) {
        this(ttl, lockLease, lockWait, preload, persistentDestinies, DataVersions.NONE);
    }

    /**
     * Options whose only persistent destiny is {@value #PREFERENCES_DESTINY}.
     *
     * @param ttl the time to live of records after each write, or {@code null}
     * @param lockLease the lease of the cross-instance lock, or {@code null}
     * @param lockWait how long to wait for a busy lock
     * @param preload destinies loaded together with the main slot
     */
    public ContextConfig(@Nullable Duration ttl, @Nullable Duration lockLease, Duration lockWait,
            List<String> preload) {
        this(ttl, lockLease, lockWait, preload, Set.of(PREFERENCES_DESTINY), DataVersions.NONE);
    }

    /**
     * Returns the time to live of a write to a destiny: none for a persistent destiny, else
     * {@link #ttl()}.
     *
     * @param destiny the destiny written
     * @return the TTL, or {@code null} to keep the record until deleted
     */
    public @Nullable Duration ttlFor(String destiny) {
        return persistentDestinies.contains(destiny) ? null : ttl;
    }

    /**
     * A copy with other persistent destinies.
     *
     * @param destinies the destinies written without a TTL
     * @return the copy
     */
    public ContextConfig withPersistentDestinies(Set<String> destinies) {
        return new ContextConfig(ttl, lockLease, lockWait, preload, destinies, dataVersions);
    }

    /**
     * The defaults: no TTL, no cross-instance lock, only the main slot preloaded.
     *
     * @return the default options
     */
    public static ContextConfig ofDefaults() {
        return new ContextConfig(null, null, DEFAULT_LOCK_WAIT, List.of(StorageKey.DEFAULT_DESTINY));
    }

    /**
     * A copy with another TTL.
     *
     * @param newTtl the TTL or {@code null}
     * @return the copy
     */
    public ContextConfig withTtl(@Nullable Duration newTtl) {
        return new ContextConfig(newTtl, lockLease, lockWait, preload, persistentDestinies, dataVersions);
    }

    /**
     * A copy that takes the cross-instance lock with the given lease and wait.
     *
     * @param lease the lease, or {@code null} for no cross-instance lock
     * @param wait how long to wait for a busy lock
     * @return the copy
     */
    public ContextConfig withLock(@Nullable Duration lease, Duration wait) {
        return new ContextConfig(ttl, lease, wait, preload, persistentDestinies, dataVersions);
    }

    /**
     * A copy that preloads these destinies (the main slot is always included).
     *
     * @param destinies the destinies
     * @return the copy
     */
    public ContextConfig withPreload(List<String> destinies) {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        all.add(StorageKey.DEFAULT_DESTINY);
        all.addAll(destinies);
        return new ContextConfig(ttl, lockLease, lockWait, List.copyOf(all), persistentDestinies, dataVersions);
    }

    /**
     * A copy that versions the conversations' top-level data and scope data (feature namespaces
     * are versioned by their managers).
     *
     * @param versions the versions, such as the application's {@code DataMigrations}
     * @return the copy
     */
    public ContextConfig withDataVersions(DataVersions versions) {
        Objects.requireNonNull(versions, "versions must not be null");
        return new ContextConfig(ttl, lockLease, lockWait, preload, persistentDestinies, versions);
    }
}
