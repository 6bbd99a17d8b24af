package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.FsmStorageContractTests;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.LockExclusion;
import dev.tgfsm.storage.LockTurnContract;
import dev.tgfsm.storage.StorageConfig;

/**
 * The storage contract on a Redis Cluster of three masters that the test starts on local ports and
 * stops afterwards, plus proof that listing and clearing see keys on every master.
 */
class RedisClusterFsmStorageIT extends FsmStorageContractTests implements LockTurnContract {

    private static RedisCluster cluster;

    private static LettuceConnectionFactory factory;

    private KeyRenderer lastRenderer;

    /** The index is in its own slot: written just before the commit script, not with it. */
    @Override
    public boolean deadlinesAtomicWithRecords() {
        return false;
    }

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start(3);
        try {
            factory = cluster.connectionFactory();
        }
        catch (RuntimeException | Error ex) {
            stopCluster();
            throw ex;
        }
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (factory != null) {
                factory.destroy();
            }
        }
        finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** Redis judges leases by its own clock ({@code TIME} in the lock scripts). */
    @Override
    protected boolean leasesJudgedByStoreClock() {
        return true;
    }

    @Test
    void instancesWhoseClocksDifferByMoreThanTheLeaseNeverHoldTheSameKeyAtOnce() throws Exception {
        KeyRenderer renderer = new KeyRenderer(RedisFsmStorageIT.randomPrefix());
        List<FsmStorage> instances = List.of(
                new RedisFsmStorage(factory, renderer,
                        StorageConfig.ofDefaults().withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)))),
                new RedisFsmStorage(factory, renderer,
                        StorageConfig.ofDefaults().withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-1)))));

        LockExclusion.Outcome outcome = LockExclusion.run(instances, StorageKey.of(1, 800, 7), Duration.ofSeconds(2), 4,
                50);

        assertThat(outcome.entries()).isEqualTo(400);
        assertThat(outcome.overlaps()).isZero();
        assertThat(outcome.unguardedCount()).isEqualTo(400);
        assertThat(outcome.storedCount()).isEqualTo(400);
        assertThat(outcome.conflicts()).isZero();
        instances.get(0).clearNamespace();
    }

    @Override
    protected FsmStorage createStorage(StorageConfig settings) {
        lastRenderer = new KeyRenderer(RedisFsmStorageIT.randomPrefix());
        return new RedisFsmStorage(factory, lastRenderer, settings);
    }

    @Override
    protected FsmStorage createStorageInOtherNamespace(StorageConfig settings) {
        return new RedisFsmStorage(factory, new KeyRenderer(RedisFsmStorageIT.randomPrefix()), settings);
    }

    @Override
    protected int operationsPerThread() {
        return 300;
    }

    @Override
    protected boolean writeCorruptRecord(StorageKey key, String kind) {
        return RedisFsmStorageIT.writeCorrupt(factory, lastRenderer.render(key), kind);
    }

    @Test
    void lockAndLoadReadsRecordsOfOtherSlotsAndGivesTheLockBackWhenOneCannotBeRead() {
        StorageKey group = StorageKey.of(1, -100700, 7);
        List<StorageKey> others = List.of(DataScope.USER.keyOf(group), DataScope.CHAT.keyOf(group),
                DataScope.BOT.keyOf(group));
        assertThat(others).as("the scopes live in other slots than the group's conversation")
                .allMatch(other -> !storage().writesTogether(group, other))
                .allMatch(other -> storage().loadsTogether(group, other));
        storage().setState(group, "G");
        storage().setState(others.get(0), "U");
        storage().setState(others.get(2), "B");
        List<StorageKey> asked = List.of(group, others.get(0), others.get(1), others.get(2));

        Lease lease = Lease.random(Duration.ofSeconds(30));
        LockAttempt attempt = storage().lockAndLoad(group, lease, asked);

        assertThat(attempt.acquired()).isTrue();
        assertThat(attempt.records()).containsOnlyKeys(asked);
        assertThat(attempt.records().get(group).state()).isEqualTo("G");
        assertThat(attempt.records().get(others.get(0)).state()).isEqualTo("U");
        assertThat(attempt.records().get(others.get(1))).isEqualTo(FsmRecord.EMPTY);
        assertThat(attempt.records().get(others.get(2)).state()).isEqualTo("B");
        LockAttempt busy = storage().lockAndLoad(group, Lease.random(Duration.ofSeconds(30)), asked);
        assertThat(busy.acquired()).isFalse();
        assertThat(busy.records()).isEmpty();
        assertThat(storage().unlock(group, lease)).isTrue();

        assertThat(writeCorruptRecord(others.get(1), "invalid-json")).isTrue();
        assertThatThrownBy(() -> storage().lockAndLoad(group, Lease.random(Duration.ofSeconds(30)), asked))
                .isInstanceOf(CorruptRecordException.class);
        assertThat(storage().lockAndLoad(group, Lease.random(Duration.ofSeconds(30)), List.of()).acquired())
                .as("the lock taken with the unreadable record was given back").isTrue();
    }

    @Test
    void listKeysAndClearNamespaceSeeKeysOnEveryMaster() {
        int conversations = 90;
        for (int i = 0; i < conversations; i++) {
            storage().setState(StorageKey.of(1, i, i), "S");
            counters().increment("{1:" + i + ":" + i + "}:hits", 1, null);
        }
        for (RedisProcess node : cluster.nodes()) {
            String keys = node.cli("--scan", "--pattern", lastRenderer.prefix() + "{*");
            assertThat(keys.lines().count()).as("records on master %d", node.port()).isPositive();
        }

        try (Stream<StorageKey> listed = storage().listKeys("*")) {
            assertThat(listed.toList()).hasSize(conversations).doesNotHaveDuplicates();
        }
        assertThat(storage().clearNamespace()).isEqualTo(conversations);
        for (RedisProcess node : cluster.nodes()) {
            assertThat(node.cli("--scan", "--pattern", lastRenderer.prefix() + "*")).isBlank();
        }
    }
}
