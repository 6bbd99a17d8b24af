package dev.tgfsm.storage.memory;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.StorageConfig;

/**
 * The lease-lock calls of {@link InMemoryFsmStorage}: take (with the records read under the same
 * monitor), renew and release a conversation's lease in the {@link LeaseTable}, each under the
 * conversation's stripe monitor.
 */
final class MemoryLocks {

    private final StorageConfig settings;

    private final RecordTable records;

    private final LeaseTable leases;

    private final Stripes stripes;

    MemoryLocks(StorageConfig settings, RecordTable records, LeaseTable leases, Stripes stripes) {
        this.settings = settings;
        this.records = records;
        this.leases = leases;
        this.stripes = stripes;
    }

    LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys) {
        Objects.requireNonNull(lockKey, "lockKey must not be null");
        Objects.requireNonNull(lease, "lease must not be null");
        synchronized (stripes.of(lockKey)) {
            Duration busy = leases.tryLock(lockKey, lease, settings.clock().millis());
            if (busy != null) {
                return LockAttempt.busy(busy);
            }
            Map<StorageKey, FsmRecord> loaded = new LinkedHashMap<>();
            keys.forEach(k -> loaded.put(k,
                    records.get(Objects.requireNonNull(k, "key must not be null"), settings.clock())));
            return LockAttempt.acquired(loaded);
        }
    }

    boolean renew(StorageKey lockKey, Lease lease) {
        Objects.requireNonNull(lease, "lease must not be null");
        synchronized (stripes.of(lockKey)) {
            return leases.renew(lockKey, lease, settings.clock().millis());
        }
    }

    boolean unlock(StorageKey lockKey, Lease lease) {
        Objects.requireNonNull(lease, "lease must not be null");
        synchronized (stripes.of(lockKey)) {
            return leases.release(lockKey, lease, settings.clock().millis());
        }
    }
}
