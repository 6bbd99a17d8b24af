package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.StorageUnavailableException;

/**
 * A private Redis frozen with {@code DEBUG SLEEP} while a lock request times out on the client: the
 * request still runs when the server resumes, and must not leave a lock that nobody holds.
 */
class RedisFreezeIT {

    private static final Logger log = LoggerFactory.getLogger(RedisFreezeIT.class);

    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(300);

    private static final Duration LEASE = ContextConfig.DEFAULT_LOCK_LEASE;

    private static final int FREEZE_SECONDS = 3;

    private final StorageKey key = StorageKey.of(3, 600, 7);

    private RedisProcess redis;

    private ClientResources resources;

    private LettuceConnectionFactory factory;

    private RedisFsmStorage storage;

    private LeaseKeeper keeper;

    @BeforeEach
    void startServer() {
        redis = RedisProcess.start();
        resources = LettuceResilience.clientResources();
        factory = LettuceResilience.standalone("127.0.0.1", redis.port(), resources, COMMAND_TIMEOUT);
        storage = new RedisFsmStorage(factory, new KeyRenderer("z:"), StorageConfig.ofDefaults(), COMMAND_TIMEOUT);
        keeper = new LeaseKeeper();
        storage.setState(key, "A");
        keeper.acquire(storage, key, LEASE, LEASE, List.of(key)).release(storage, null);
    }

    @AfterEach
    void stopServer() {
        try {
            keeper.close();
            factory.destroy();
            resources.shutdown();
        }
        finally {
            redis.close();
        }
    }

    private long freeze() {
        CompletableFuture.runAsync(() -> redis.cli("DEBUG", "SLEEP", String.valueOf(FREEZE_SECONDS)));
        RedisFaultsIT.awaitTrue(() -> !storage.health().up(), Duration.ofSeconds(5));
        return System.nanoTime();
    }

    private String lockValue() {
        return redis.cli("GET", storage.lockKey(key)).trim();
    }

    @Test
    void lockRequestThatTimedOutDuringAFreezeLeavesNoOrphanLockWhenTheServerResumes() {
        long frozenAt = freeze();

        assertThatExceptionOfType(StorageUnavailableException.class)
                .isThrownBy(() -> keeper.acquire(storage, key, LEASE, Duration.ofSeconds(15), List.of(key)));
        RedisFaultsIT.awaitTrue(() -> storage.health().up(), Duration.ofSeconds(FREEZE_SECONDS + 5));
        long resumedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozenAt);

        assertThat(lockValue()).as("the lock the late request took was released by its token").isEmpty();
        long start = System.nanoTime();
        assertThat(storage.lockAndLoad(key, Lease.random(LEASE), List.of(key)).acquired())
                .as("the next update of the conversation gets the lock at once").isTrue();
        log.info("Redis frozen {} s: resumed after {} ms; the next lockAndLoad took {} ms", FREEZE_SECONDS,
                resumedAfter, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    @Test
    void userWhoseUpdateIsRetriedThroughAFreezeWaitsAboutTheFreezeNotALease() {
        long frozenAt = freeze();
        LeaseKeeper.Held held = null;
        int failures = 0;
        while (held == null) {
            try {
                held = keeper.acquire(storage, key, LEASE, Duration.ofSeconds(15), List.of(key));
            }
            catch (StorageUnavailableException ex) {
                failures++;
            }
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - frozenAt);

        assertThat(lockValue()).as("held by the caller's own retry").endsWith(":" + held.lease().token());
        assertThat(held.records().get(key).state()).isEqualTo("A");
        held.release(storage, null);
        assertThat(lockValue()).isEmpty();
        log.info("Redis frozen {} s: the retried update got its lock {} ms after the freeze began, after {} failed"
                + " attempts", FREEZE_SECONDS, waited.toMillis(), failures);
        assertThat(waited).as("not blocked by an orphan lease on top of the freeze")
                .isLessThan(Duration.ofSeconds(FREEZE_SECONDS).plusMillis(1500));
    }
}
