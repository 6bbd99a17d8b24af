package dev.tgfsm.storage;

import java.time.Duration;
import java.util.Map;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.testing.MutableClock;

/**
 * What the contract interfaces need from {@link FsmStorageContractTests}: the storage under test,
 * its clock and settings, and the backend's hooks. Implemented only by that class.
 */
public interface StorageContract {

    /** The bot id of every key made by {@link #key}. */
    long BOT = 1;

    /** The number of threads of the concurrency tests. */
    int THREADS = 8;

    /**
     * The storage under test, fresh and empty for each test.
     *
     * @return the storage
     */
    FsmStorage storage();

    /**
     * The clock of the storage's settings.
     *
     * @return the clock
     */
    MutableClock clock();

    /**
     * The settings the storage was created with.
     *
     * @return the settings
     */
    StorageConfig settings();

    /**
     * Creates another storage of the backend, in a fresh namespace.
     *
     * @param settings its settings
     * @return the storage, cleaned up after the test
     */
    FsmStorage freshStorage(StorageConfig settings);

    /**
     * Creates a storage in another namespace of the same server.
     *
     * @return the storage, or {@code null} if not applicable
     */
    FsmStorage storageInOtherNamespace();

    /**
     * Writes a corrupt record.
     *
     * @param key where
     * @param kind what kind of corruption
     * @return whether the backend could do it
     */
    boolean corrupt(StorageKey key, String kind);

    /**
     * Tells whether the backend judges leases by the store's own clock rather than the settings'
     * clock.
     *
     * @return {@code true} for stores with a clock of their own (Redis, PostgreSQL, MariaDB, H2);
     *         {@code false} by default
     */
    default boolean leasesUseStoreClock() {
        return false;
    }

    /**
     * Operations per thread in the concurrency tests.
     *
     * @return the count
     */
    int operations();

    /**
     * A lease length for the tests that let leases lapse: short where real time must pass (the store
     * judges leases by its own clock), five seconds of the mutable clock otherwise.
     *
     * @return the lease
     */
    default Duration shortLease() {
        return leasesUseStoreClock() ? Duration.ofMillis(2000) : Duration.ofSeconds(5);
    }

    /**
     * Lets lease time pass: advances the settings' clock, and where the store judges leases by its
     * own clock, also waits that long for real (the store's clock cannot be moved).
     *
     * @param amount how much time
     */
    default void passLeaseTime(Duration amount) {
        clock().advance(amount);
        if (leasesUseStoreClock()) {
            try {
                Thread.sleep(amount.toMillis());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }

    /**
     * A key of user 7 in a chat, default destiny.
     *
     * @param chat the chat
     * @return the key
     */
    default StorageKey key(long chat) {
        return StorageKey.of(BOT, chat, 7);
    }

    /**
     * A record with a state and data.
     *
     * @param state the state
     * @param data the data
     * @return the record
     */
    default FsmRecord record(String state, Map<String, Object> data) {
        return FsmRecord.of(state, data);
    }

    /**
     * Saves one record with a version check and no TTL.
     *
     * @param key the key
     * @param record the record
     * @param expectedVersion the expected version
     */
    default void put(StorageKey key, FsmRecord record, long expectedVersion) {
        storage().save(WriteBatch.of(RecordWrite.put(key, record, expectedVersion, null)));
    }

    /**
     * The counters of the storage under test ({@link CounterStorage}), which the backend must have.
     *
     * @return the storage as counters
     */
    default CounterStorage counters() {
        return counters(storage());
    }

    /**
     * The counters of a storage of the backend, which it must have.
     *
     * @param storage the storage
     * @return the storage as counters
     */
    default CounterStorage counters(FsmStorage storage) {
        return FsmStorage.require(storage, CounterStorage.class, "the counter contract");
    }

    /**
     * The throttling of the storage under test ({@link ThrottleStorage}), which the backend must have.
     *
     * @return the storage as rate-limit buckets
     */
    default ThrottleStorage throttles() {
        return throttles(storage());
    }

    /**
     * The throttling of a storage of the backend, which it must have.
     *
     * @param storage the storage
     * @return the storage as rate-limit buckets
     */
    default ThrottleStorage throttles(FsmStorage storage) {
        return FsmStorage.require(storage, ThrottleStorage.class, "the throttle contract");
    }

    /**
     * The deadline index of the storage under test ({@link DeadlineIndex}), which the backend must have.
     *
     * @return the storage as a deadline index
     */
    default DeadlineIndex deadlines() {
        return deadlines(storage());
    }

    /**
     * The deadline index of a storage of the backend, which it must have.
     *
     * @param storage the storage
     * @return the storage as a deadline index
     */
    default DeadlineIndex deadlines(FsmStorage storage) {
        return FsmStorage.require(storage, DeadlineIndex.class, "the deadline contract");
    }

    /**
     * The user-data capability of the storage under test ({@link PrivacyStorage}), which the backend
     * must have.
     *
     * @return the storage as a finder of one user's data
     */
    default PrivacyStorage privacy() {
        return FsmStorage.require(storage(), PrivacyStorage.class, "the user-data contract");
    }
}
