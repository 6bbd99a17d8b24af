package dev.tgfsm.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.StorageHealth;
import dev.tgfsm.storage.WriteBatch;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * {@link Privacy} beside the storage contract ({@code UserDataContract}): the error of a storage
 * without the capability, and an erase racing updates of the same conversation.
 */
class PrivacyTests {

    private final InMemoryFsmStorage memory = new InMemoryFsmStorage(StorageConfig.ofDefaults());

    @Test
    void aStorageWithoutTheCapabilitySaysSoAndWhatToDo() {
        Privacy privacy = new Privacy(new WithoutUserData(memory), Clock.systemUTC());

        assertThatThrownBy(() -> privacy.export(7)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("WithoutUserData").hasMessageContaining("PrivacyStorage");
        assertThatThrownBy(() -> privacy.erase(7)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new Privacy(memory, Clock.systemUTC(), Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lockLease");
        assertThatThrownBy(() -> new Privacy(null, Clock.systemUTC())).hasMessageContaining("storage");
    }

    /**
     * Updates count in the user's conversation under its lock while an erase runs once in the middle:
     * every update either committed before the erase (its count is erased) or after it (it counts
     * from zero again), none is lost and none sees erased data, so the written values are exactly
     * {@code 1..k} and {@code 1..(N - k)} with the final count {@code N - k}.
     */
    @Test
    void anEraseBetweenLockedUpdatesLosesNoUpdateAndLeavesNoErasedCount() throws Exception {
        StorageKey key = StorageKey.of(1, 7, 7);
        int threads = 4;
        int perThread = 100;
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (LeaseKeeper leases = new LeaseKeeper()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        LeaseKeeper.Held held = leases.acquire(memory, key, Duration.ofSeconds(30),
                                Duration.ofSeconds(30), List.of(key));
                        FsmRecord loaded = held.records().get(key);
                        int next = ((Number) loaded.data().getOrDefault("n", 0)).intValue() + 1;
                        held.release(memory, List.of(RecordWrite.put(key, loaded.withData(Map.of("n", next)),
                                loaded.version(), null)));
                        written.add(next);
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            while (done.get() < threads * perThread / 2) {
                Thread.onSpinWait();
            }
            Erasure erasure = new Privacy(memory, Clock.systemUTC()).erase(7);
            for (Future<?> f : futures) {
                f.get();
            }

            int total = threads * perThread;
            Object stored = memory.load(key).data().get("n");
            int last = stored == null ? 0 : ((Number) stored).intValue();
            int before = total - last;
            List<Integer> expected = new ArrayList<>();
            IntStream.rangeClosed(1, before).forEach(expected::add);
            IntStream.rangeClosed(1, last).forEach(expected::add);
            assertThat(erasure.records()).isEqualTo(1);
            assertThat(before).as("updates committed before the erase").isPositive();
            assertThat(written).containsExactlyInAnyOrderElementsOf(expected);
        }
        finally {
            pool.shutdownNow();
        }
    }

    /** A storage that forwards the abstract methods only, so it lacks the user-data capability. */
    private record WithoutUserData(FsmStorage delegate) implements FsmStorage {

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
