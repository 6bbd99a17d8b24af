package dev.tgfsm.storage;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;

/**
 * The deadline contract against the fallback of {@link DeadlineIndex#of}: a storage implementing
 * only the abstract methods of {@link FsmStorage} keeps its index in a reserved record, changed with
 * version checks.
 */
class DefaultDeadlineIndexTests implements DeadlineContract {

    private final MutableClock clock = MutableClock.now();

    private final StorageConfig settings = new StorageConfig(clock, new JacksonFsmCodec(), null,
            StorageConfig.DEFAULT_MAX_RECORD_BYTES);

    private FsmStorage storage;

    @BeforeEach
    void create() {
        storage = new AbstractOnly(new InMemoryFsmStorage(settings));
    }

    @Override
    public FsmStorage storage() {
        return storage;
    }

    /** The fallback index, since the storage has no index of its own. */
    @Override
    public DeadlineIndex deadlines(FsmStorage storage) {
        return DeadlineIndex.of(storage);
    }

    @Override
    public MutableClock clock() {
        return clock;
    }

    @Override
    public StorageConfig settings() {
        return settings;
    }

    @Override
    public FsmStorage freshStorage(StorageConfig other) {
        return new AbstractOnly(new InMemoryFsmStorage(other));
    }

    @Override
    public FsmStorage storageInOtherNamespace() {
        return null;
    }

    @Override
    public boolean corrupt(StorageKey key, String kind) {
        return false;
    }

    @Override
    public int operations() {
        return 100;
    }

    /** Forwards only the abstract methods of the core, so every fallback and default method is used. */
    private record AbstractOnly(FsmStorage delegate) implements FsmStorage {

        @Override
        public Map<StorageKey, FsmRecord> loadAll(Collection<StorageKey> keys) {
            return delegate.loadAll(keys);
        }

        @Override
        public void save(WriteBatch batch) {
            delegate.save(batch);
        }

        @Override
        public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys) {
            return delegate.lockAndLoad(lockKey, lease, keys);
        }

        @Override
        public boolean renewLock(StorageKey lockKey, Lease lease) {
            return delegate.renewLock(lockKey, lease);
        }

        @Override
        public boolean unlock(StorageKey lockKey, Lease lease) {
            return delegate.unlock(lockKey, lease);
        }

        @Override
        public Stream<StorageKey> listKeys(String pattern) {
            return delegate.listKeys(pattern);
        }

        @Override
        public long clearNamespace() {
            return delegate.clearNamespace();
        }

        @Override
        public StorageHealth health() {
            return delegate.health();
        }
    }
}
