package dev.tgfsm.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tgfsm.key.StorageKey;

/**
 * Contract of a rate-limit step riding in a lock request
 * ({@code lockAndLoad(lockKey, lease, keys, throttle)}): the step runs first; refused, nothing is
 * locked or loaded; admitted, its permit counts whether the lock was free or busy. The conversation
 * and its bucket share a hash tag, so a Redis Cluster runs both in one script too. The same for a
 * step riding in an unlocked load ({@code throttleAndLoad(keys, throttle)}): refused, nothing is
 * loaded; admitted, the permit is booked by the call itself.
 */
public interface ThrottleWithLockContract extends StorageContract {

    /** A private chat: the chat is the user. */
    private StorageKey conversation() {
        return StorageKey.of(BOT, 7, 7);
    }

    private ThrottleRequest request(int burst) {
        StorageKey bucket = new StorageKey(BOT, 7, 7, null, null, "rl:contract");
        return new ThrottleRequest(bucket, Instant.ofEpochMilli(clock().millis()), Duration.ofSeconds(1),
                Duration.ofSeconds(burst));
    }

    @Test
    default void anAdmittedStepTakesTheLockAndLoadsTheRecords() {
        storage().setState(conversation(), "A");

        LockAttempt attempt = throttles().lockAndLoad(conversation(), Lease.random(Duration.ofSeconds(30)),
                List.of(conversation()), request(1));

        assertThat(attempt.acquired()).isTrue();
        assertThat(attempt.throttled()).isFalse();
        assertThat(attempt.throttle().admitted()).isTrue();
        assertThat(attempt.throttle().theoreticalArrival())
                .isEqualTo(Instant.ofEpochMilli(clock().millis()).plusSeconds(1));
        assertThat(attempt.records().get(conversation()).state()).isEqualTo("A");
    }

    @Test
    default void aRefusedStepTakesNoLockAndLoadsNothing() {
        Lease first = Lease.random(Duration.ofSeconds(30));
        assertThat(throttles().lockAndLoad(conversation(), first, List.of(), request(1)).acquired()).isTrue();
        assertThat(storage().unlock(conversation(), first)).isTrue();

        LockAttempt refused = throttles().lockAndLoad(conversation(), Lease.random(Duration.ofSeconds(30)),
                List.of(conversation()), request(1));

        assertThat(refused.throttled()).isTrue();
        assertThat(refused.acquired()).isFalse();
        assertThat(refused.records()).isEmpty();
        assertThat(throttles().lockAndLoad(conversation(), Lease.random(Duration.ofSeconds(30)), List.of()).acquired())
                .as("the refused request left the lock free").isTrue();
    }

    @Test
    default void anAdmittedStepCountsItsPermitWhenTheLockIsBusy() {
        assertThat(throttles().lockAndLoad(conversation(), Lease.random(Duration.ofSeconds(30)), List.of()).acquired())
                .isTrue();

        LockAttempt busy = throttles().lockAndLoad(conversation(), Lease.random(Duration.ofSeconds(30)), List.of(),
                request(2));

        assertThat(busy.acquired()).isFalse();
        assertThat(busy.throttle().admitted()).isTrue();
        assertThat(busy.holderRemaining()).isPositive();
        ThrottleRequest next = request(2);
        assertThat(throttles().throttle(next.bucket(), next.now(), next.increment(), next.capacity()).admitted())
                .as("the second of a burst of two").isTrue();
        assertThat(throttles().throttle(next.bucket(), next.now(), next.increment(), next.capacity()).admitted())
                .as("the busy lock's request took the first").isFalse();
    }

    @Test
    default void anAdmittedStepInALoadBooksItsPermitAndLoadsTheRecords() {
        storage().setState(conversation(), "A");

        LockAttempt loaded = throttles().throttleAndLoad(List.of(conversation()), request(1));

        assertThat(loaded.acquired()).isTrue();
        assertThat(loaded.throttled()).isFalse();
        assertThat(loaded.throttle().admitted()).isTrue();
        assertThat(loaded.records().get(conversation()).state()).isEqualTo("A");
        assertThat(throttles().lockAndLoad(conversation(), Lease.random(Duration.ofSeconds(30)), List.of()).acquired())
                .as("no lock was taken").isTrue();
        ThrottleRequest next = request(1);
        assertThat(throttles().throttle(next.bucket(), next.now(), next.increment(), next.capacity()).admitted())
                .as("the load booked the only permit").isFalse();
    }

    @Test
    default void aRefusedStepInALoadLoadsNothing() {
        storage().setState(conversation(), "A");
        assertThat(throttles().throttleAndLoad(List.of(), request(1)).throttle().admitted()).isTrue();

        LockAttempt refused = throttles().throttleAndLoad(List.of(conversation()), request(1));

        assertThat(refused.throttled()).isTrue();
        assertThat(refused.acquired()).isFalse();
        assertThat(refused.records()).isEmpty();
        assertThat(refused.throttle().theoreticalArrival())
                .isEqualTo(Instant.ofEpochMilli(clock().millis()).plusSeconds(1));
    }
}
