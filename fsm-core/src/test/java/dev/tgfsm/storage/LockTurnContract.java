package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tgfsm.key.StorageKey;

/**
 * Contract of the turns that lock requests ask for ({@link Lease#turn()}): a request with a turn
 * that finds its conversation busy announces its update id for one lease; a free lock goes only to
 * the lowest live announced turn; an announcement leaves when its request takes the lock and lapses
 * with its lease when nobody comes back for it; requests without a turn neither announce nor wait.
 */
public interface LockTurnContract extends StorageContract {

    private LockAttempt lock(StorageKey key, Lease lease) {
        return storage().lockAndLoad(key, lease, List.of());
    }

    private static Lease turn(long updateId) {
        return Lease.random(Duration.ofSeconds(30), updateId);
    }

    @Test
    default void freeLockGoesToALowerTurnAnnouncedWhileItWasBusy() {
        Lease holder = Lease.random(Duration.ofSeconds(30));
        assertThat(lock(key(1), holder).acquired()).isTrue();
        Lease eleven = turn(11);
        Lease ten = turn(10);
        assertThat(lock(key(1), eleven).acquired()).as("busy: 11 announces itself").isFalse();
        assertThat(lock(key(1), ten).acquired()).as("busy: 10 announces itself").isFalse();
        assertThat(storage().unlock(key(1), holder)).isTrue();

        LockAttempt early = lock(key(1), eleven);
        assertThat(early.acquired()).as("11 waits for the live announcement of 10").isFalse();
        assertThat(early.holderRemaining()).isGreaterThan(Duration.ZERO).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(lock(key(1), ten).acquired()).as("the lowest turn takes the free lock").isTrue();
        assertThat(lock(key(1), eleven).acquired()).as("held by 10").isFalse();
        assertThat(storage().unlock(key(1), ten)).isTrue();

        assertThat(lock(key(1), eleven).acquired()).as("10 left the announcements when it took the lock").isTrue();
        assertThat(storage().unlock(key(1), eleven)).isTrue();
        assertThat(lock(key(1), turn(5)).acquired()).as("and so did 11: nothing is left behind").isTrue();
    }

    @Test
    default void turnsOnlyOrderTheirOwnConversation() {
        Lease holder = Lease.random(Duration.ofSeconds(30));
        assertThat(lock(key(1), holder).acquired()).isTrue();
        assertThat(lock(key(1), turn(3)).acquired()).isFalse();

        assertThat(lock(key(2), turn(4)).acquired()).as("another conversation").isTrue();
    }

    @Test
    default void uncontendedTurnTakesTheLockAndAnnouncesNothing() {
        Lease seven = turn(7);
        assertThat(lock(key(1), seven).acquired()).isTrue();
        assertThat(storage().unlock(key(1), seven)).isTrue();

        assertThat(lock(key(1), turn(8)).acquired()).isTrue();
    }

    @Test
    default void requestWithoutTurnNeitherAnnouncesNorWaitsForTurns() {
        Lease holder = Lease.random(Duration.ofSeconds(30));
        assertThat(lock(key(1), holder).acquired()).isTrue();
        Lease outside = Lease.random(Duration.ofSeconds(30));
        assertThat(lock(key(1), outside).acquired()).isFalse();
        assertThat(lock(key(1), turn(20)).acquired()).isFalse();
        assertThat(storage().unlock(key(1), holder)).isTrue();

        assertThat(lock(key(1), outside).acquired()).as("work from outside an update has no turn to wait for")
                .isTrue();
        assertThat(storage().unlock(key(1), outside)).isTrue();
        assertThat(lock(key(1), turn(21)).acquired()).as("21 waits for 20").isFalse();
        assertThat(lock(key(1), turn(20)).acquired()).isTrue();
    }

    @Test
    default void announcementOfARequestThatNeverComesBackLapsesWithItsLease() {
        Duration lease = shortLease();
        Lease holder = Lease.random(lease);
        assertThat(lock(key(1), holder).acquired()).isTrue();
        assertThat(lock(key(1), Lease.random(lease, 30)).acquired()).as("30 announces, then its instance dies")
                .isFalse();
        assertThat(storage().unlock(key(1), holder)).isTrue();
        Lease next = Lease.random(lease, 31);
        assertThat(lock(key(1), next).acquired()).as("31 waits for the live announcement of 30").isFalse();

        passLeaseTime(lease.plusMillis(200));

        assertThat(lock(key(1), next).acquired()).as("the announcement lapsed with its lease").isTrue();
    }

    @Test
    default void commitOfTheHolderHandsTheLockToTheLowestTurn() {
        Lease holder = turn(40);
        LockAttempt attempt = storage().lockAndLoad(key(1), holder, List.of(key(1)));
        assertThat(attempt.acquired()).isTrue();
        Lease fortyTwo = turn(42);
        Lease fortyOne = turn(41);
        assertThat(lock(key(1), fortyTwo).acquired()).isFalse();
        assertThat(lock(key(1), fortyOne).acquired()).isFalse();
        FsmRecord loaded = attempt.records().get(key(1));

        storage().save(WriteBatch.releasing(List.of(RecordWrite.put(key(1), loaded.withState("40"), loaded.version(),
                null)), key(1), holder));

        assertThat(lock(key(1), fortyTwo).acquired()).isFalse();
        assertThat(lock(key(1), fortyOne).acquired()).isTrue();
    }

    @Test
    default void turnsAreKeptWhenARateLimitStepRidesInTheLockRequest() {
        StorageKey conversation = StorageKey.of(BOT, 7, 7);
        StorageKey bucket = new StorageKey(BOT, 7, 7, null, null, "rl:turns");
        ThrottleRequest step = new ThrottleRequest(bucket, java.time.Instant.ofEpochMilli(clock().millis()),
                Duration.ofMillis(1), Duration.ofSeconds(100));
        Lease holder = Lease.random(Duration.ofSeconds(30));
        assertThat(lock(conversation, holder).acquired()).isTrue();
        Lease later = turn(61);
        Lease earlier = turn(60);
        assertThat(throttles().lockAndLoad(conversation, later, List.of(), step).acquired()).isFalse();
        assertThat(throttles().lockAndLoad(conversation, earlier, List.of(), step).acquired()).isFalse();
        assertThat(storage().unlock(conversation, holder)).isTrue();

        LockAttempt early = throttles().lockAndLoad(conversation, later, List.of(), step);
        assertThat(early.throttle().admitted()).isTrue();
        assertThat(early.acquired()).as("61 waits for 60").isFalse();
        assertThat(throttles().lockAndLoad(conversation, earlier, List.of(), step).acquired()).isTrue();
        assertThat(storage().unlock(conversation, earlier)).isTrue();
        assertThat(throttles().lockAndLoad(conversation, later, List.of(), step).acquired()).isTrue();
    }

    @Test
    default void unlockOfARequestThatGivesUpWithdrawsItsTurn() {
        Lease holder = Lease.random(Duration.ofSeconds(30));
        assertThat(lock(key(1), holder).acquired()).isTrue();
        Lease givesUp = turn(70);
        assertThat(lock(key(1), givesUp).acquired()).isFalse();
        assertThat(storage().unlock(key(1), givesUp)).as("it never held the lock").isFalse();
        assertThat(storage().unlock(key(1), holder)).isTrue();

        assertThat(lock(key(1), turn(71)).acquired()).as("70 withdrew its announcement").isTrue();
    }

    @Test
    default void aRepostThatTakesTheLockEndsTheTurnItsFirstDeliveryAnnounced() {
        Lease holder = Lease.random(Duration.ofSeconds(30));
        assertThat(lock(key(1), holder).acquired()).isTrue();
        Lease first = turn(80);
        assertThat(lock(key(1), first).acquired()).as("80 announces, then its instance dies").isFalse();
        assertThat(storage().unlock(key(1), holder)).isTrue();

        Lease repost = turn(80);
        assertThat(lock(key(1), repost).acquired()).as("Telegram's re-post of 80 is the lowest turn").isTrue();
        assertThat(storage().unlock(key(1), repost)).isTrue();

        assertThat(lock(key(1), turn(81)).acquired())
                .as("80 was handled: its first delivery's announcement holds 81 up no longer").isTrue();
    }
}
