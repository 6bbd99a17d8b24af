package dev.tgfsm.autoconfigure.middleware;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Stream;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.StorageHealth;
import dev.tgfsm.storage.WriteBatch;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * A custom backend as its author writes it first: the abstract methods of the core {@link FsmStorage}
 * and no optional capability (kept in memory underneath).
 */
class CoreOnlyStorage implements FsmStorage {

    private final FsmStorage records = new InMemoryFsmStorage(StorageConfig.ofDefaults());

    @Override
    public Map<StorageKey, FsmRecord> loadAll(Collection<StorageKey> keys) {
        return records.loadAll(keys);
    }

    @Override
    public void save(WriteBatch batch) {
        records.save(batch);
    }

    @Override
    public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys) {
        return records.lockAndLoad(lockKey, lease, keys);
    }

    @Override
    public boolean renewLock(StorageKey lockKey, Lease lease) {
        return records.renewLock(lockKey, lease);
    }

    @Override
    public boolean unlock(StorageKey lockKey, Lease lease) {
        return records.unlock(lockKey, lease);
    }

    @Override
    public Stream<StorageKey> listKeys(String pattern) {
        return records.listKeys(pattern);
    }

    @Override
    public long clearNamespace() {
        return records.clearNamespace();
    }

    @Override
    public StorageHealth health() {
        return records.health();
    }
}
