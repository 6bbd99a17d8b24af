package dev.tgfsm.autoconfigure;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.StorageHealth;
import dev.tgfsm.storage.StorageSettings;
import dev.tgfsm.storage.WriteBatch;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * An in-memory storage that records its lifecycle calls and saves, in order, for lifecycle tests.
 */
class RecordingStorage implements FsmStorage {

    final List<String> events = new CopyOnWriteArrayList<>();

    private final FsmStorage delegate = new InMemoryFsmStorage(StorageSettings.defaults());

    @Override
    public Map<StorageKey, FsmRecord> loadAll(Collection<StorageKey> keys) {
        return delegate.loadAll(keys);
    }

    @Override
    public boolean commitsDeadlines() {
        return delegate.commitsDeadlines();
    }

    @Override
    public void save(WriteBatch batch) {
        delegate.save(batch);
        events.add("save");
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
    public long increment(String counter, long amount, Duration ttl) {
        return delegate.increment(counter, amount, ttl);
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

    @Override
    public void start() {
        events.add("start");
        delegate.start();
    }

    @Override
    public void stop() {
        events.add("stop");
        delegate.stop();
    }

    @Override
    public long purge(Collection<StorageKey> keys) {
        return delegate.purge(keys);
    }
}
