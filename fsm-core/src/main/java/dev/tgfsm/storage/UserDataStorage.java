package dev.tgfsm.storage;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.privacy.Privacy;

/**
 * An optional capability of a {@link FsmStorage}: finding what is stored about one user, for
 * exporting and erasing it ({@link Privacy}). A backend that has it returns it from
 * {@link PrivacyStorage#userData()}.
 *
 * <p>What belongs to a user is decided by {@link UserMatch}: every record whose key names the user
 * (in any chat, topic, business connection or destiny), every record of the private chat with the
 * user, and the entries kept beside records under such a key (rate-limit buckets, counters, the
 * outbound flood bucket of the private chat). Locks are not listed: they are leases that lapse by
 * themselves.
 *
 * <p>Finding is an administrative operation, never on the path of an update: a backend may walk
 * its whole namespace once (Redis {@code SCAN}, a SQL query over the keys) and says what it costs.
 */
public interface UserDataStorage {

    /**
     * Finds the keys of the live records that belong to a user.
     *
     * @param userId the user
     * @return the keys, each once, in no particular order
     */
    List<StorageKey> userRecordKeys(long userId);

    /**
     * Finds the entries kept outside records that belong to a user (rate-limit buckets, counters,
     * flood buckets), with their stored values as text.
     *
     * @param userId the user
     * @return the entries by their name in the backend, possibly empty
     */
    Map<String, String> userEntries(long userId);

    /**
     * Deletes entries found by {@link #userEntries}.
     *
     * @param names the entries' names
     * @return how many existed and were removed
     */
    long deleteEntries(Collection<String> names);

    /**
     * Finds the entries kept outside records for buckets the caller names (rate-limit subjects named
     * by text, kept under a bot-wide key that does not say whose they are).
     *
     * <p>This default finds none: for a backend that keeps buckets as records, which
     * {@link FsmStorage#loadAll} reads.
     *
     * @param buckets the buckets' keys
     * @return the entries that exist, by their name in the backend, possibly empty
     */
    default Map<String, String> bucketEntries(Collection<StorageKey> buckets) {
        return Map.of();
    }
}
