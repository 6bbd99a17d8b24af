package dev.tgfsm.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockTimeoutException;
import dev.tgfsm.storage.RecordTooLargeException;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;

class LeaseKeeperTests {

    private static final StorageKey KEY = StorageKey.of(1, 2, 3);

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final LeaseKeeper keeper = new LeaseKeeper();

    @AfterEach
    void close() {
        keeper.close();
    }

    @Test
    void busyLockTimesOutWithAMessageNamingTheConversationAndTheHoldersRemainingLease() {
        storage.lockAndLoad(KEY, Lease.random(Duration.ofMinutes(1)), List.of());
        clock.advance(Duration.ofSeconds(20));
        assertThatExceptionOfType(LockTimeoutException.class)
                .isThrownBy(
                        () -> keeper.acquire(storage, KEY, Duration.ofSeconds(30), Duration.ofMillis(50), List.of()))
                .withMessageContaining("chatId=2").withMessageContaining("held by another holder")
                .withMessageContaining("lease runs 40000 ms more").withMessageContaining("retried later")
                .withMessageContaining("lock-wait").withMessageNotContaining("still running")
                .satisfies((ex) -> assertThat(ex.holderRemaining()).isEqualTo(Duration.ofSeconds(40)));
    }

    @Test
    void lockRequestWhoseAnswerIsLostLeavesNoOrphanLock() {
        FaultyFsmStorage faulty = new FaultyFsmStorage(storage);
        faulty.loseLockAnswers = true;

        assertThatExceptionOfType(StorageUnavailableException.class)
                .isThrownBy(
                        () -> keeper.acquire(faulty, KEY, Duration.ofSeconds(30), Duration.ofSeconds(1), List.of()));

        assertThat(storage.lockAndLoad(KEY, Lease.random(Duration.ofSeconds(30)), List.of()).acquired())
                .as("the lock the lost request took was released with its token").isTrue();
    }

    @Test
    void lockRequestThatCannotReachTheStoreFailsAndTheShortLeaseBoundsWhatItMayHaveTaken() {
        FaultyFsmStorage faulty = new FaultyFsmStorage(storage);
        faulty.unreachable = true;

        assertThatExceptionOfType(StorageUnavailableException.class)
                .isThrownBy(() -> keeper.acquire(faulty, KEY, Duration.ofSeconds(5), Duration.ofSeconds(1), List.of()));

        assertThat(storage.lockAndLoad(KEY, Lease.random(Duration.ofSeconds(5)), List.of()).acquired()).isTrue();
    }

    @Test
    void interruptedWaitUnlocksItsTokenAndSaysLockTimeout() {
        storage.lockAndLoad(KEY, Lease.random(Duration.ofMinutes(1)), List.of());
        Thread.currentThread().interrupt();
        try {
            assertThatExceptionOfType(LockTimeoutException.class)
                    .isThrownBy(() -> keeper.acquire(storage, KEY, Duration.ofSeconds(30), Duration.ofSeconds(5),
                            List.of()));
            assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
        }
        finally {
            Thread.interrupted();
        }
    }

    @Test
    void saveRefusedBeforeReachingTheStoreStillReleasesTheLock() {
        FaultyFsmStorage faulty = new FaultyFsmStorage(storage);
        LeaseKeeper.Held held = keeper.acquire(faulty, KEY, Duration.ofSeconds(30), Duration.ofSeconds(1),
                List.of(KEY));
        faulty.refuseSaves = true;

        assertThatExceptionOfType(RecordTooLargeException.class).isThrownBy(() -> held.release(faulty,
                List.of(RecordWrite.put(KEY, FsmRecord.of("B", Map.of()), 0, null))));

        assertThat(held.isReleased()).isTrue();
        assertThat(storage.load(KEY).exists()).isFalse();
        assertThat(storage.lockAndLoad(KEY, Lease.random(Duration.ofSeconds(30)), List.of()).acquired())
                .as("free at once, not after the lease").isTrue();
    }

    @Test
    void versionConflictOnReleaseStillReleasesTheLock() {
        storage.setState(KEY, "A");
        LeaseKeeper.Held held = keeper.acquire(storage, KEY, Duration.ofSeconds(30), Duration.ofSeconds(1),
                List.of(KEY));

        assertThatExceptionOfType(FsmConflictException.class).isThrownBy(() -> held.release(storage,
                List.of(RecordWrite.put(KEY, FsmRecord.of("B", Map.of()), 0, null))));

        assertThat(storage.getState(KEY)).isEqualTo("A");
        assertThat(storage.lockAndLoad(KEY, Lease.random(Duration.ofSeconds(30)), List.of()).acquired()).isTrue();
    }

    @Test
    void waiterGetsTheLockOnceTheHolderReleasesIt() throws Exception {
        LeaseKeeper.Held first = keeper.acquire(storage, KEY, Duration.ofSeconds(30), Duration.ofSeconds(1),
                List.of(KEY));
        CompletableFuture<LeaseKeeper.Held> second = CompletableFuture.supplyAsync(
                () -> keeper.acquire(storage, KEY, Duration.ofSeconds(30), Duration.ofSeconds(10), List.of(KEY)));
        assertThat(second).isNotDone();
        first.release(storage, null);
        LeaseKeeper.Held held = second.get(10, TimeUnit.SECONDS);
        assertThat(held.records()).containsKey(KEY);
        held.release(storage, null);
    }

    @Test
    void aDeadHoldersLeaseLapsesAndTheNextUpdateProceeds() {
        storage.lockAndLoad(KEY, Lease.random(Duration.ofSeconds(5)), List.of());
        clock.advance(Duration.ofSeconds(6));
        LeaseKeeper.Held held = keeper.acquire(storage, KEY, Duration.ofSeconds(30), Duration.ofMillis(10), List.of());
        assertThat(held.isReleased()).isFalse();
        held.release(storage, null);
        assertThat(held.isReleased()).isTrue();
    }
}
