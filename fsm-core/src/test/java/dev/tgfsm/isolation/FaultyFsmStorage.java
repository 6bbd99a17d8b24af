package dev.tgfsm.isolation;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.CounterStorage;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.DueDeadline;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.RecordTooLargeException;
import dev.tgfsm.storage.StorageHealth;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.WriteBatch;

/**
 * A store in front of a real one that fails the way a remote store does: a lock request that runs
 * on the store but whose answer is lost (the client timed out), a save refused before it reaches
 * the store, or a store that cannot be reached at all.
 */
final class FaultyFsmStorage implements CounterStorage, DeadlineIndex {

    private final FsmStorage store;

    volatile boolean loseLockAnswers;

    volatile boolean refuseSaves;

    volatile boolean unreachable;

    /** Every renewal finds the lease gone (another holder took the lock after it lapsed). */
    volatile boolean loseLeases;

    FaultyFsmStorage(FsmStorage store) {
        this.store = Objects.requireNonNull(store, "store must not be null");
    }

    private void reach() {
        if (unreachable) {
            throw new StorageUnavailableException("store unreachable", null);
        }
    }

    @Override
    public Map<StorageKey, FsmRecord> loadAll(Collection<StorageKey> keys) {
        reach();
        return store.loadAll(keys);
    }

    @Override
    public boolean commitsDeadlines() {
        return DeadlineIndex.of(store).commitsDeadlines();
    }

    @Override
    public void scheduleDeadline(StorageKey key, Instant at) {
        reach();
        DeadlineIndex.of(store).scheduleDeadline(key, at);
    }

    @Override
    public List<DueDeadline> claimDue(Instant now, int limit, Duration lease) {
        reach();
        return DeadlineIndex.of(store).claimDue(now, limit, lease);
    }

    @Override
    public List<DueDeadline> claimDue(long botId, Instant now, int limit, Duration lease) {
        reach();
        return DeadlineIndex.of(store).claimDue(botId, now, limit, lease);
    }

    @Override
    public boolean cancelDeadline(StorageKey key, Instant expected) {
        reach();
        return DeadlineIndex.of(store).cancelDeadline(key, expected);
    }

    @Override
    public void save(WriteBatch batch) {
        reach();
        if (refuseSaves) {
            throw new RecordTooLargeException("k", 10_000, 100, "bytes");
        }
        store.save(batch);
    }

    @Override
    public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys) {
        reach();
        LockAttempt attempt = store.lockAndLoad(lockKey, lease, keys);
        if (loseLockAnswers) {
            throw new StorageUnavailableException("command timed out", null);
        }
        return attempt;
    }

    @Override
    public boolean renewLock(StorageKey lockKey, Lease lease) {
        reach();
        return !loseLeases && store.renewLock(lockKey, lease);
    }

    @Override
    public boolean unlock(StorageKey lockKey, Lease lease) {
        reach();
        return store.unlock(lockKey, lease);
    }

    @Override
    public long increment(String counter, long amount, Duration ttl) {
        reach();
        return FsmStorage.require(store, CounterStorage.class, "counters").increment(counter, amount, ttl);
    }

    @Override
    public Stream<StorageKey> listKeys(String pattern) {
        reach();
        return store.listKeys(pattern);
    }

    @Override
    public long clearNamespace() {
        reach();
        return store.clearNamespace();
    }

    @Override
    public StorageHealth health() {
        return store.health();
    }
}
