package dev.tgfsm.isolation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockTimeoutException;
import dev.tgfsm.storage.StorageSettings;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LeaseKeeperTests {

    private static final StorageKey KEY = StorageKey.of(1, 2, 3);

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageSettings.defaults().withClock(clock));

    private final LeaseKeeper keeper = new LeaseKeeper();

    @AfterEach
    void close() {
        keeper.close();
    }

    @Test
    void busyLockTimesOutWithAMessageNamingTheConversation() {
        storage.lockAndLoad(KEY, Lease.random(Duration.ofMinutes(1)), List.of());
        assertThatExceptionOfType(LockTimeoutException.class)
                .isThrownBy(() -> keeper.acquire(storage, KEY, Duration.ofSeconds(30), Duration.ofMillis(50), List.of()))
                .withMessageContaining("chatId=2").withMessageContaining("lock-wait");
    }

    @Test
    void waiterGetsTheLockOnceTheHolderReleasesIt() throws Exception {
        LeaseKeeper.Held first = keeper.acquire(storage, KEY, Duration.ofSeconds(30), Duration.ofSeconds(1), List.of(KEY));
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
