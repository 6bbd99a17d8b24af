package dev.tgfsm.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import dev.tgfsm.testsupport.RenewalWatch;

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

    @Test
    void aHeldLockIsRenewedEveryThirdOfItsLeaseAndNoMoreOnceReleased() throws Exception {
        RenewalWatch renewals = new RenewalWatch(storage);
        long start = System.nanoTime();
        LeaseKeeper.Held held = keeper.acquire(renewals, KEY, Duration.ofMillis(300), Duration.ofSeconds(1), List.of());

        renewals.awaitRenewals(KEY, 3, Duration.ofSeconds(10));
        long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        int whileHeld = renewals.renewals(KEY);
        held.release(renewals, null);
        Thread.sleep(100); // a renewal the sweep had started when the lock was released ends
        int afterRelease = renewals.renewals(KEY);
        Thread.sleep(500);

        assertThat(whileHeld).as("renewed every 100 ms, not more often, in %d ms", heldMillis)
                .isLessThanOrEqualTo((int) (heldMillis / 100) + 1);
        assertThat(renewals.renewals(KEY)).as("none after the release").isEqualTo(afterRelease);
        assertThat(keeper.heldCount()).isZero();
    }

    @Test
    void locksWithDifferentLeasesAreEachRenewedOnTheirOwnPeriod() throws Exception {
        RenewalWatch renewals = new RenewalWatch(storage);
        StorageKey slow = StorageKey.of(1, 5, 5);
        StorageKey fast = StorageKey.of(1, 6, 6);
        LeaseKeeper.Held slowHeld = keeper.acquire(renewals, slow, Duration.ofMinutes(1), Duration.ofSeconds(1),
                List.of());
        // its first renewal is due after 100 ms, long before the slow lease's (20 s): it gets a sweep of its own
        LeaseKeeper.Held fastHeld = keeper.acquire(renewals, fast, Duration.ofMillis(300), Duration.ofSeconds(1),
                List.of());

        renewals.awaitRenewals(fast, 3, Duration.ofSeconds(10));
        fastHeld.release(renewals, null);
        slowHeld.release(renewals, null);

        assertThat(renewals.renewals(slow)).as("first due after 20 s").isZero();
    }

    @Test
    void aLockWhoseLeaseWasLostIsNotRenewedAgain() throws Exception {
        FaultyFsmStorage faulty = new FaultyFsmStorage(storage);
        faulty.loseLeases = true;
        RenewalWatch renewals = new RenewalWatch(faulty);
        LeaseKeeper.Held held = keeper.acquire(renewals, KEY, Duration.ofMillis(150), Duration.ofSeconds(1), List.of());

        renewals.awaitRenewals(KEY, 1, Duration.ofSeconds(10));
        Thread.sleep(300); // six more periods

        assertThat(renewals.renewals(KEY)).as("tried once, told the lease is gone").isEqualTo(1);
        assertThat(keeper.heldCount()).isZero();
        assertThat(held.isReleased()).as("still the update's to release").isFalse();
        held.release(renewals, null);
    }

    /**
     * Taking and releasing a lock does not touch the renewal executor (a task per lock cost a
     * wake-up of its thread per update): 8 threads take and release 4,000 locks of 800 conversations,
     * 200 of them hot, and the executor is asked for a handful of sweeps (one, plus one per thread that came with an
     * earlier due time than the pending sweep's).
     */
    @Test
    void takingAndReleasingManyLocksSchedulesNoTaskPerLock() throws Exception {
        CountingScheduler scheduler = new CountingScheduler();
        LeaseKeeper shared = new LeaseKeeper(scheduler);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            ConcurrentHashMap<StorageKey, AtomicInteger> holders = new ConcurrentHashMap<>();
            AtomicInteger overlaps = new AtomicInteger();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        StorageKey key = StorageKey.of(1, 100 + (i % 2 == 0 ? i % 200 : thread * 1_000 + i), 7);
                        LeaseKeeper.Held held = shared.acquire(storage, key, Duration.ofSeconds(30),
                                Duration.ofSeconds(30), List.of());
                        if (holders.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        holders.get(key).decrementAndGet();
                        held.release(storage, null);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(overlaps).as("one holder at a time").hasValue(0);
            assertThat(shared.heldCount()).isZero();
            assertThat(scheduler.scheduled).as("sweeps scheduled for 4,000 locks").hasValueLessThanOrEqualTo(16);
            shared.close();
            assertThat(scheduler.getQueue()).as("the pending sweep is cancelled with the keeper").isEmpty();
        }
        finally {
            threads.shutdownNow();
            scheduler.shutdownNow();
        }
    }

    /** A scheduler that counts the tasks it is given. */
    private static final class CountingScheduler extends ScheduledThreadPoolExecutor {

        final AtomicInteger scheduled = new AtomicInteger();

        CountingScheduler() {
            super(1);
            setRemoveOnCancelPolicy(true);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            scheduled.incrementAndGet();
            return super.schedule(command, delay, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period,
                TimeUnit unit) {
            scheduled.incrementAndGet();
            return super.scheduleAtFixedRate(command, initialDelay, period, unit);
        }
    }
}
