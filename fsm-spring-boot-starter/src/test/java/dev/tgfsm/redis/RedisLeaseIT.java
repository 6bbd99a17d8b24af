package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockExclusion;
import dev.tgfsm.storage.RecordTooLargeException;
import dev.tgfsm.storage.StorageConfig;

/**
 * Lease locks on the shared Redis with instances that disagree about the time, and the release of a
 * lock whose commit is refused before it reaches Redis.
 */
@RequiresServers(TestServer.REDIS)
class RedisLeaseIT {

    private static final Logger log = LoggerFactory.getLogger(RedisLeaseIT.class);

    private static final Duration LEASE = Duration.ofSeconds(2);

    private static StorageConfig skewed(Duration offset) {
        return StorageConfig.ofDefaults().withClock(Clock.offset(Clock.systemUTC(), offset));
    }

    @Test
    void twoInstancesWhoseClocksDifferByMoreThanTheLeaseNeverHoldTheSameKeyAtOnce() throws Exception {
        try (RedisInstances redis = RedisInstances.open(List.of(skewed(Duration.ofMinutes(1)),
                skewed(Duration.ofMinutes(-1))))) {
            LockExclusion.Outcome outcome = LockExclusion.run(List.copyOf(redis.storages()), StorageKey.of(1, 500, 7),
                    LEASE, 4, 100);

            log.info("Redis, clocks 2 min apart, lease 2 s: {}", outcome);
            assertThat(outcome.entries()).isEqualTo(800);
            assertThat(outcome.overlaps()).isZero();
            assertThat(outcome.unguardedCount()).isEqualTo(800);
            assertThat(outcome.storedCount()).isEqualTo(800);
            assertThat(outcome.conflicts()).isZero();
            assertThat(outcome.timeouts()).isZero();
        }
    }

    @Test
    void commitOverTheSizeLimitLeavesTheLockFreeAtOnce() {
        StorageConfig small = new StorageConfig(Clock.systemUTC(), new JacksonFsmCodec(), null, 1024);
        try (RedisInstances redis = RedisInstances.open(List.of(small, small));
                LeaseKeeper keeper = new LeaseKeeper()) {
            FsmStorage holder = redis.storage(0);
            FsmStorage next = redis.storage(1);
            StorageKey key = StorageKey.of(1, 501, 7);
            next.setState(key, "A");
            FsmContexts contexts = FsmTransactions.contexts(holder, new JacksonFsmCodec(),
                    ContextConfig.ofDefaults().withLock(Duration.ofSeconds(30), Duration.ofSeconds(1)), keeper);

            try (FsmTransaction tx = FsmTransactions.begin(contexts, key)) {
                tx.context().updateData("essay", "x".repeat(4096));
                tx.context().setState("B");
                assertThatExceptionOfType(RecordTooLargeException.class).isThrownBy(tx::commit);
            }

            long start = System.nanoTime();
            assertThat(next.lockAndLoad(key, Lease.random(Duration.ofSeconds(30)), List.of(key)).acquired())
                    .as("another token gets the lock at once, not after the 30 s lease").isTrue();
            log.info("Redis: lock free after a refused commit, the next lockAndLoad took {} ms",
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
            assertThat(next.getState(key)).isEqualTo("A");
            assertThat(next.getData(key)).doesNotContainKey("essay");
        }
    }
}
