package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.StorageKey;

/**
 * Contract of lease locks: {@code lockAndLoad}, {@code renewLock}, {@code unlock} and the release
 * in {@code save}, with expiry judged by the settings' clock or, where the backend says so, by the
 * store's own clock; a lock already held with the caller's token counts as taken.
 */
public interface LeaseLockContract extends StorageContract {

    private LockAttempt lock(StorageKey key, Lease lease) {
        return storage().lockAndLoad(key, lease, List.of());
    }

    @Test
    default void lockAndLoadTakesFreeLockAndLoadsRecords() {
        storage().setState(key(1), "A");
        StorageKey history = key(1).withDestiny("scenes_history");

        LockAttempt attempt = storage().lockAndLoad(key(1), Lease.random(Duration.ofSeconds(30)),
                List.of(key(1), history));

        assertThat(attempt.acquired()).isTrue();
        assertThat(attempt.holderRemaining()).isEqualTo(Duration.ZERO);
        assertThat(attempt.records()).containsOnlyKeys(key(1), history);
        assertThat(attempt.records().get(key(1)).state()).isEqualTo("A");
        assertThat(attempt.records().get(history)).isEqualTo(FsmRecord.EMPTY);
        assertThat(storage().load(history).exists()).as("loading under a lock creates nothing").isFalse();
    }

    @Test
    default void lockIsExclusiveAndBusyReportsHolderRemaining() {
        Lease holder = Lease.random(Duration.ofSeconds(30));
        assertThat(lock(key(1), holder).acquired()).isTrue();
        Duration passed = leasesUseStoreClock() ? Duration.ofMillis(300) : Duration.ofSeconds(10);
        passLeaseTime(passed);

        LockAttempt busy = storage().lockAndLoad(key(1), Lease.random(Duration.ofSeconds(30)), List.of(key(1)));

        assertThat(busy.acquired()).isFalse();
        assertThat(busy.records()).isEmpty();
        assertThat(busy.holderRemaining()).isGreaterThan(Duration.ZERO)
                .isLessThanOrEqualTo(Duration.ofSeconds(30).minus(passed));
        assertThat(busy.holderRemaining()).isGreaterThanOrEqualTo(Duration.ofSeconds(29).minus(passed));
    }

    @Test
    default void lockBelongsToTheConversationNotTheDestiny() {
        assertThat(lock(key(1).withDestiny("a"), Lease.random(Duration.ofSeconds(30))).acquired()).isTrue();

        assertThat(lock(key(1).withDestiny("b"), Lease.random(Duration.ofSeconds(30))).acquired()).isFalse();
        assertThat(lock(key(1), Lease.random(Duration.ofSeconds(30))).acquired()).isFalse();
        assertThat(lock(key(2), Lease.random(Duration.ofSeconds(30))).acquired()).as("other conversation").isTrue();
        assertThat(lock(new StorageKey(BOT, 1, 7, 5L, null, "default"), Lease.random(Duration.ofSeconds(30)))
                .acquired()).as("other topic").isTrue();
    }

    @Test
    default void lapsedLeaseLetsTheNextTakerIn() {
        Duration lease = shortLease();
        Lease first = new Lease("first-" + lease.toMillis(), lease);
        assertThat(lock(key(1), first).acquired()).isTrue();
        passLeaseTime(lease.dividedBy(2));
        assertThat(lock(key(1), Lease.random(lease)).acquired()).isFalse();
        passLeaseTime(lease.multipliedBy(6).dividedBy(10));

        Lease second = Lease.random(lease);
        assertThat(lock(key(1), second).acquired()).isTrue();

        assertThat(storage().renewLock(key(1), first)).as("the lapsed holder cannot renew").isFalse();
        assertThat(storage().unlock(key(1), first)).as("nor release the new holder's lock").isFalse();
        assertThat(lock(key(1), first).acquired()).as("nor take it back with its old token").isFalse();
        assertThat(lock(key(1), Lease.random(lease)).acquired()).isFalse();
    }

    @Test
    default void renewLockExtendsOnlyTheHoldersLease() {
        Duration lease = shortLease();
        Lease holder = Lease.random(lease);
        lock(key(1), holder);
        passLeaseTime(lease.dividedBy(2));

        assertThat(storage().renewLock(key(1), holder)).isTrue();
        assertThat(storage().renewLock(key(1), Lease.random(lease))).isFalse();
        passLeaseTime(lease.dividedBy(2));
        assertThat(lock(key(1), Lease.random(lease)).acquired()).as("still held past the first lease's end")
                .isFalse();
        passLeaseTime(lease.multipliedBy(3).dividedBy(4));
        assertThat(storage().renewLock(key(1), holder)).as("lapsed").isFalse();
        assertThat(lock(key(1), Lease.random(lease)).acquired()).isTrue();
    }

    @Test
    default void sameTokenTakesItsOwnLockAgainAndRestartsItsLease() {
        storage().setState(key(1), "A");
        Duration lease = shortLease();
        Lease holder = Lease.random(lease);
        assertThat(lock(key(1), holder).acquired()).isTrue();
        passLeaseTime(lease.dividedBy(2));

        LockAttempt again = storage().lockAndLoad(key(1), holder, List.of(key(1)));

        assertThat(again.acquired()).as("a retried request finds its own lock").isTrue();
        assertThat(again.records().get(key(1)).state()).isEqualTo("A");
        LockAttempt other = lock(key(1), Lease.random(lease));
        assertThat(other.acquired()).isFalse();
        assertThat(other.holderRemaining()).as("the lease started again")
                .isGreaterThan(lease.multipliedBy(6).dividedBy(10));
        passLeaseTime(lease.multipliedBy(3).dividedBy(4));
        assertThat(lock(key(1), Lease.random(lease)).acquired()).as("held past the first lease's end").isFalse();
        assertThat(storage().unlock(key(1), holder)).isTrue();
        assertThat(lock(key(1), Lease.random(lease)).acquired()).isTrue();
    }

    @Test
    default void leaseIsJudgedByTheClockTheBackendDeclares() {
        Lease holder = Lease.random(Duration.ofSeconds(30));
        assertThat(lock(key(1), holder).acquired()).isTrue();

        clock().advance(Duration.ofHours(1));

        LockAttempt other = lock(key(1), Lease.random(Duration.ofSeconds(30)));
        if (leasesUseStoreClock()) {
            assertThat(other.acquired()).as("the settings' clock does not judge the lease").isFalse();
            assertThat(other.holderRemaining()).isGreaterThan(Duration.ofSeconds(25))
                    .isLessThanOrEqualTo(Duration.ofSeconds(30));
            assertThat(storage().renewLock(key(1), holder)).isTrue();
            clock().advance(Duration.ofHours(-2));
            assertThat(storage().renewLock(key(1), holder)).as("nor does a clock an hour behind").isTrue();
            assertThat(lock(key(1), Lease.random(Duration.ofSeconds(30))).holderRemaining())
                    .isLessThanOrEqualTo(Duration.ofSeconds(30));
        }
        else {
            assertThat(other.acquired()).as("the settings' clock is the store's clock").isTrue();
            assertThat(storage().renewLock(key(1), holder)).isFalse();
        }
    }

    @Test
    default void holderThatStopsRenewingFreesTheKeyWithinItsLease() {
        Duration lease = shortLease();
        assertThat(lock(key(1), Lease.random(lease)).acquired()).as("a holder that then dies").isTrue();
        long start = System.nanoTime();
        try (LeaseKeeper keeper = new LeaseKeeper()) {
            if (!leasesUseStoreClock()) {
                passLeaseTime(lease);
            }
            LeaseKeeper.Held held = keeper.acquire(storage(), key(1), lease, lease.multipliedBy(3), List.of(key(1)));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            assertThat(held.isReleased()).isFalse();
            assertThat(waited).as("waited at most the dead holder's lease").isLessThan(lease.plusMillis(1000));
            held.release(storage(), null);
        }
        assertThat(lock(key(1), Lease.random(lease)).acquired()).isTrue();
    }

    @Test
    default void renewLockOfFreeLockReturnsFalseAndTakesNothing() {
        Lease lease = Lease.random(Duration.ofSeconds(5));

        assertThat(storage().renewLock(key(1), lease)).isFalse();
        assertThat(lock(key(1), Lease.random(Duration.ofSeconds(5))).acquired()).isTrue();
    }

    @Test
    default void unlockReleasesOnlyTheHoldersLease() {
        Lease holder = Lease.random(Duration.ofSeconds(30));
        lock(key(1), holder);

        assertThat(storage().unlock(key(1), Lease.random(Duration.ofSeconds(30)))).isFalse();
        assertThat(lock(key(1), Lease.random(Duration.ofSeconds(30))).acquired()).isFalse();
        assertThat(storage().unlock(key(1).withDestiny("other"), holder)).as("any key of the conversation").isTrue();
        assertThat(storage().unlock(key(1), holder)).isFalse();
        assertThat(lock(key(1), Lease.random(Duration.ofSeconds(30))).acquired()).isTrue();
    }

    @Test
    default void saveWithReleaseWritesAndReleasesTheLock() {
        Lease holder = Lease.random(Duration.ofSeconds(30));
        LockAttempt attempt = storage().lockAndLoad(key(1), holder, List.of(key(1)));
        FsmRecord loaded = attempt.records().get(key(1));

        storage().save(
                WriteBatch.releasing(List.of(RecordWrite.put(key(1), loaded.withState("B"), loaded.version(), null)),
                        key(1), holder));

        assertThat(storage().getState(key(1))).isEqualTo("B");
        assertThat(lock(key(1), Lease.random(Duration.ofSeconds(30))).acquired()).isTrue();
    }

    @Test
    default void saveWithReleaseOnlyReleasesTheLock() {
        Lease holder = Lease.random(Duration.ofSeconds(30));
        lock(key(1), holder);

        storage().save(WriteBatch.releasing(List.of(), key(1), holder));

        assertThat(lock(key(1), Lease.random(Duration.ofSeconds(30))).acquired()).isTrue();
    }

    @Test
    default void saveWithConflictStillReleasesTheLockAndWritesNothing() {
        storage().setState(key(1), "A");
        Lease holder = Lease.random(Duration.ofSeconds(30));
        lock(key(1), holder);

        assertThatThrownBy(() -> storage().save(WriteBatch.releasing(
                List.of(RecordWrite.put(key(1), record("B", Map.of()), 0, null)), key(1), holder)))
                .isInstanceOf(FsmConflictException.class);

        assertThat(storage().getState(key(1))).isEqualTo("A");
        assertThat(lock(key(1), Lease.random(Duration.ofSeconds(30))).acquired()).isTrue();
    }

    @Test
    default void saveNeverReleasesSomeoneElsesLock() {
        Lease holder = Lease.random(Duration.ofSeconds(30));
        lock(key(1), holder);

        storage().save(WriteBatch.releasing(List.of(RecordWrite.put(key(1), record("B", Map.of()), 0, null)), key(1),
                Lease.random(Duration.ofSeconds(30))));

        assertThat(storage().getState(key(1))).isEqualTo("B");
        assertThat(lock(key(1), Lease.random(Duration.ofSeconds(30))).acquired()).isFalse();
        assertThat(storage().unlock(key(1), holder)).isTrue();
    }

    @Test
    default void locksDoNotCreateRecords() {
        Lease holder = Lease.random(Duration.ofSeconds(30));
        lock(key(1), holder);
        storage().renewLock(key(1), holder);
        storage().unlock(key(1), holder);

        try (var keys = storage().listKeys("*")) {
            assertThat(keys).isEmpty();
        }
    }
}
