package dev.tgfsm.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;

/**
 * The permit stores without Redis: the in-process one and the one on any storage's throttle (as on
 * SQL) grant all buckets of a request or none, say how long to wait, and honour holds.
 */
class PermitStoreTests {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    private static final Bucket GLOBAL = new Bucket("g", Duration.ofMillis(100), Duration.ofMillis(100));

    private static final Bucket CHAT = new Bucket("c:7", Duration.ofSeconds(1), Duration.ofSeconds(1));

    private void grantsAllOrNoneAndSaysHowLongToWait(PermitStore store) {
        Instant now = clock.instant();
        assertThat(store.tryAcquire(1, List.of(GLOBAL, CHAT), now)).isZero();
        assertThat(store.tryAcquire(1, List.of(GLOBAL, CHAT), now)).isEqualTo(Duration.ofSeconds(1));
        assertThat(store.tryAcquire(1, List.of(GLOBAL), now.plusMillis(100))).isZero();
        store.hold(1, CHAT, now.plusSeconds(5), now);
        assertThat(store.tryAcquire(1, List.of(GLOBAL, CHAT), now.plusSeconds(2))).isEqualTo(Duration.ofSeconds(3));
        assertThat(store.tryAcquire(1, List.of(GLOBAL, CHAT), now.plusSeconds(5))).isZero();
    }

    @Test
    void inMemoryStore() {
        grantsAllOrNoneAndSaysHowLongToWait(new InMemoryPermitStore());
    }

    @Test
    void storageStore() {
        InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));
        grantsAllOrNoneAndSaysHowLongToWait(new StoragePermitStore(storage));
    }

    @Test
    void storageStoreSpendsNothingOfAChatWhenTheGlobalBucketRefuses() {
        StoragePermitStore store = new StoragePermitStore(
                new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock)));
        Instant now = clock.instant();
        Bucket other = new Bucket("c:8", Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(store.tryAcquire(1, List.of(GLOBAL, CHAT), now)).isZero();
        assertThat(store.tryAcquire(1, List.of(GLOBAL, other), now)).isEqualTo(Duration.ofMillis(100));
        assertThat(store.tryAcquire(1, List.of(GLOBAL, other), now.plusMillis(100))).as("chat 8 kept its permit")
                .isZero();
    }

    @Test
    void storageStoreSharesBucketsBetweenInstancesOnOneStorage() {
        InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));
        StoragePermitStore a = new StoragePermitStore(storage);
        StoragePermitStore b = new StoragePermitStore(storage);
        Instant now = clock.instant();
        assertThat(a.tryAcquire(1, List.of(CHAT), now)).isZero();
        assertThat(b.tryAcquire(1, List.of(CHAT), now)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.tryAcquire(2, List.of(CHAT), now)).as("another bot's bucket of the same chat").isZero();
        b.hold(2, GLOBAL, now.plusSeconds(5), now);
        assertThat(a.tryAcquire(1, List.of(GLOBAL), now)).as("a hold of another bot").isZero();
        b.hold(1, CHAT, now.plusSeconds(5), now);
        assertThat(a.tryAcquire(1, List.of(GLOBAL, CHAT), now.plusSeconds(2))).as("a hold by the other instance")
                .isEqualTo(Duration.ofSeconds(3));
        a.hold(1, CHAT, now.plusSeconds(4), now);
        assertThat(b.tryAcquire(1, List.of(CHAT), now.plusSeconds(2)))
                .as("a shorter hold leaves the longer one (+1 µs)")
                .isCloseTo(Duration.ofSeconds(3), Duration.ofNanos(1_000));
        clock.advance(Duration.ofSeconds(5));
        assertThat(b.tryAcquire(1, List.of(CHAT), clock.instant())).as("kept until reached").isZero();
    }
}
