package dev.tgfsm.storage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.testing.MutableClock;

/**
 * The contract every {@link FsmStorage} backend of tgfsm must pass. A backend's test extends this
 * class and implements {@link #createStorage}; the tests themselves live in the contract interfaces
 * this class implements, one concern each, following the split of the SPI:
 * <ul>
 * <li>the core, what every backend implements: {@link RecordContract}, {@link ConvenienceContract},
 * {@link ExpiryContract}, {@link ListingContract}, {@link LeaseLockContract},
 * {@link ConcurrencyContract}, {@link LifetimeContract}, {@link ScopedDataContract},
 * {@link ChatMigrationContract};</li>
 * <li>one per optional capability, reached through the typed accessors of {@link StorageContract}
 * (which fail naming the capability when the backend lacks it): {@link CounterContract}
 * ({@link CounterStorage}), {@link ThrottleWithLockContract} ({@link ThrottleStorage}),
 * {@link DeadlineContract} ({@link DeadlineIndex}) and {@link UserDataContract}
 * ({@link PrivacyStorage}).</li>
 * </ul>
 * A custom backend with only some capabilities implements the core contracts and those of its
 * capabilities on a class of its own, as {@code DefaultDeadlineIndexTests} does for the fallback
 * deadline index.
 *
 * <p>Time is a {@link MutableClock} that starts at the current time (truncated to milliseconds) and
 * only moves when a test advances it; backends must judge expiry of records and counters by the
 * settings' clock, and leases by the settings' clock or, where {@link #leasesJudgedByStoreClock} says
 * so, by the store's own clock. The settings use a small size limit ({@value #MAX_RECORD_BYTES} bytes).
 *
 * <p>Hooks, all optional except {@link #createStorage}:
 * <ul>
 * <li>{@link #createStorageInOtherNamespace} for the namespace-isolation test of {@code clearNamespace};</li>
 * <li>{@link #writeCorruptRecord} for the corrupt-record tests;</li>
 * <li>{@link #leasesJudgedByStoreClock} for backends whose leases follow the store's clock;</li>
 * <li>{@link #operationsPerThread} to shorten the concurrency tests on slow backends.</li>
 * </ul>
 * Every storage created through the hooks is cleared (where it still can be) and stopped after each
 * test. The contract uses {@code @ParameterizedTest}, so a backend's test classpath needs
 * {@code junit-jupiter-params} (part of {@code junit-jupiter}).
 */
public abstract class FsmStorageContractTests
        implements
            RecordContract,
            ConvenienceContract,
            ExpiryContract,
            ListingContract,
            LeaseLockContract,
            ConcurrencyContract,
            LifetimeContract,
            ScopedDataContract,
            ChatMigrationContract,
            CounterContract,
            ThrottleWithLockContract,
            DeadlineContract,
            UserDataContract {

    /** The size limit of records in the contract's settings. */
    public static final int MAX_RECORD_BYTES = 4096;

    private final List<FsmStorage> created = new ArrayList<>();

    private MutableClock clock;

    private StorageConfig settings;

    private FsmStorage storage;

    /**
     * Creates the backend under test in a fresh, empty namespace (a new key prefix, new tables or a
     * cleared database), using exactly the given settings.
     *
     * @param settings the clock, codec, default TTL and size limit to use
     * @return the storage, not yet started
     */
    protected abstract FsmStorage createStorage(StorageConfig settings);

    /**
     * Creates a second storage that shares the server with the ones made by {@link #createStorage}
     * but lives in another namespace, for the test that {@code clearNamespace} leaves other
     * namespaces alone.
     *
     * @param settings the settings to use
     * @return the storage, or {@code null} if the backend has no notion of a shared server (then the
     *         test is skipped)
     */
    protected FsmStorage createStorageInOtherNamespace(StorageConfig settings) {
        return null;
    }

    /**
     * Writes a corrupt record directly into the backend, bypassing the codec, at the key of a
     * storage made by the last {@link #createStorage} call. Afterwards, loading the key must throw
     * {@link CorruptRecordException} whose {@linkplain CorruptRecordException#key() key} contains
     * the key's {@linkplain KeyRenderer#canonical canonical form}, and must leave the
     * record as it is.
     *
     * @param key where to write
     * @param kind {@code "invalid-json"} (data that is not JSON), {@code "missing-field"} (a record
     *        without its data or version) or {@code "wrong-type"} (data that is JSON but not an object)
     * @return {@code true} if written, {@code false} if the backend cannot hold corrupt records or
     *         does not support this kind (the test is skipped)
     */
    protected boolean writeCorruptRecord(StorageKey key, String kind) {
        return false;
    }

    /**
     * Tells whether the backend judges leases by the store's own clock (Redis {@code TIME}, the
     * database's current time) instead of the settings' clock. The lease tests then let real time
     * pass, with leases of two seconds, and check that moving the settings' clock changes nothing.
     *
     * @return {@code false} by default (memory, SQLite)
     */
    protected boolean leasesJudgedByStoreClock() {
        return false;
    }

    /**
     * How many operations each thread of the concurrency tests performs.
     *
     * @return 10,000 by default
     */
    protected int operationsPerThread() {
        return 10_000;
    }

    @BeforeEach
    void setUpContract() {
        clock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        settings = new StorageConfig(clock, new JacksonFsmCodec(), null, MAX_RECORD_BYTES);
        storage = freshStorage(settings);
    }

    @AfterEach
    void tearDownContract() {
        for (FsmStorage s : created) {
            try {
                s.clearNamespace();
            }
            catch (RuntimeException ex) {
                // a storage stopped by the test may refuse; its namespace was fresh anyway
            }
            finally {
                s.stop();
            }
        }
        created.clear();
    }

    @Override
    public final FsmStorage storage() {
        return storage;
    }

    @Override
    public final MutableClock clock() {
        return clock;
    }

    @Override
    public final StorageConfig settings() {
        return settings;
    }

    @Override
    public final FsmStorage freshStorage(StorageConfig settings) {
        FsmStorage s = createStorage(settings);
        created.add(s);
        return s;
    }

    @Override
    public final FsmStorage storageInOtherNamespace() {
        FsmStorage s = createStorageInOtherNamespace(settings);
        if (s != null) {
            created.add(s);
        }
        return s;
    }

    @Override
    public final boolean corrupt(StorageKey key, String kind) {
        return writeCorruptRecord(key, kind);
    }

    @Override
    public final boolean leasesUseStoreClock() {
        return leasesJudgedByStoreClock();
    }

    @Override
    public final int operations() {
        return operationsPerThread();
    }
}
