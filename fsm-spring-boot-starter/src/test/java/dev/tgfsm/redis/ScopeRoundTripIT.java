package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.storage.StorageConfig;

/**
 * What data scoped to the user, the chat and the bot costs a locked update, counted in the slow logs
 * (threshold 0) of a private redis-server and of a private Redis Cluster of three masters. Declared
 * up front, the scopes ride in {@code lock_load} on standalone Redis: an update that reads all three
 * costs {@code lock_load} and {@code commit}, as without them; one that changes scopes adds one
 * {@code commit} that writes them all and clears the operation from the conversation. On the
 * Cluster, a private chat's user scope shares the conversation's hash slot and rides in
 * {@code lock_load} and in that one {@code commit} too; the records of other slots (a group's user
 * and chat scopes, the bot's) are read by one {@code load} script per slot, sent with
 * {@code lock_load}: the same round trip. Writing them from a group costs a {@code commit} per scope
 * (each in its own slot, sent together: one round trip) and one for the clearing with the lock's
 * release: 4 round trips for a group update that changes the user's data, or the user's and the
 * chat's (the lock with every read, the conversation's commit recording the operation, the scope
 * writes, the clearing; each write waits for the one before, see {@code ScopedData}).
 */
class ScopeRoundTripIT {

    private static final Set<String> HOUSEKEEPING = Set.of("slowlog", "cluster", "info", "ping", "client", "hello",
            "command", "readonly", "script");

    private static final StorageKey GROUP_UPDATE = StorageKey.of(5, -100900, 42);

    private static final StorageKey PRIVATE_UPDATE = StorageKey.of(5, 42, 42);

    private static RedisProcess redis;

    private static RedisCluster cluster;

    private static ClientResources resources;

    private static RedisClient client;

    private static final List<StatefulRedisConnection<String, String>> STANDALONE = new ArrayList<>();

    private static final List<StatefulRedisConnection<String, String>> CLUSTER = new ArrayList<>();

    @BeforeAll
    static void startServers() {
        resources = LettuceResilience.clientResources();
        client = RedisClient.create(resources);
        redis = RedisProcess.start();
        cluster = RedisCluster.start(3);
        List<RedisProcess> all = new ArrayList<>(cluster.nodes());
        all.add(redis);
        for (RedisProcess node : all) {
            node.cli("CONFIG", "SET", "slowlog-log-slower-than", "0");
            node.cli("CONFIG", "SET", "slowlog-max-len", "10000");
            StatefulRedisConnection<String, String> admin = client.connect(RedisURI.create("127.0.0.1", node.port()));
            (node == redis ? STANDALONE : CLUSTER).add(admin);
        }
    }

    @AfterAll
    static void stopServers() {
        STANDALONE.forEach(StatefulRedisConnection::close);
        CLUSTER.forEach(StatefulRedisConnection::close);
        if (client != null) {
            client.shutdown();
        }
        if (resources != null) {
            resources.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void onStandaloneRedisDeclaredScopesRideInLockLoadAndChangedScopesAddOneCommitWithTheClearing() {
        LettuceConnectionFactory factory = LettuceResilience.standalone("127.0.0.1", redis.port(), resources,
                Duration.ofSeconds(5));
        try (LeaseKeeper leases = new LeaseKeeper()) {
            FsmContexts contexts = contexts(factory, leases);
            update(contexts, GROUP_UPDATE, "warm", DataScope.values());

            assertThat(roundTrips(STANDALONE, () -> update(contexts, GROUP_UPDATE, "read")))
                    .containsExactly("lock_load", "commit");
            // the conversation's commit records the scope operation; one more commit script applies it to
            // the scope once and clears it from the conversation, releasing the lock (exactly once across failures)
            assertThat(roundTrips(STANDALONE, () -> update(contexts, GROUP_UPDATE, "write", DataScope.USER)))
                    .containsExactly("lock_load", "commit", "commit");
            assertThat(roundTrips(STANDALONE,
                    () -> update(contexts, GROUP_UPDATE, "write-all", DataScope.USER, DataScope.CHAT, DataScope.BOT)))
                    .as("every scope in the same script").containsExactly("lock_load", "commit", "commit");
        }
        finally {
            factory.destroy();
        }
    }

    @Test
    void onRedisClusterEveryScopeIsReadWithTheLockAndAGroupWritesItsScopesInOneMoreRoundTrip() {
        LettuceConnectionFactory factory = LettuceResilience.cluster(cluster.configuration(), resources,
                Duration.ofSeconds(5));
        try (LeaseKeeper leases = new LeaseKeeper()) {
            FsmContexts contexts = contexts(factory, leases);
            update(contexts, GROUP_UPDATE, "warm", DataScope.values());
            update(contexts, PRIVATE_UPDATE, "warm", DataScope.values());

            List<String> privateRead = roundTrips(CLUSTER, () -> {
                try (FsmTransaction tx = FsmTransactions.begin(contexts, PRIVATE_UPDATE)) {
                    tx.context().setState("private-read");
                    assertThat(tx.scope(DataScope.USER).get("visits")).isNotNull();
                    tx.commit();
                }
            });
            assertThat(privateRead).as("the user scope in lock_load; the chat's and bot's scopes declared too, each"
                    + " in another slot: a load script per slot, sent with lock_load")
                    .filteredOn("lock_load"::equals).hasSize(1);
            assertThat(privateRead).filteredOn("commit"::equals).hasSize(1);
            assertThat(privateRead).filteredOn("load"::equals).hasSizeBetween(1, 2);
            assertThat(privateRead).containsOnly("lock_load", "load", "commit");
            List<String> group = roundTrips(CLUSTER, () -> update(contexts, GROUP_UPDATE, "read"));
            assertThat(group).filteredOn("lock_load"::equals).hasSize(1);
            assertThat(group).filteredOn("commit"::equals).hasSize(1);
            assertThat(group).as("the scopes in other slots: one load script per slot, sent with lock_load")
                    .filteredOn("load"::equals).hasSizeBetween(1, 3);
            assertThat(group).containsOnly("lock_load", "load", "commit");

            // a private chat's user scope shares the conversation's slot: written with the clearing in one script
            List<String> privateWrite = roundTrips(CLUSTER, () -> {
                try (FsmTransaction tx = FsmTransactions.begin(contexts, PRIVATE_UPDATE)) {
                    tx.context().setState("private-write");
                    tx.scope(DataScope.USER).increment("visits", 1);
                    tx.commit();
                }
            });
            assertThat(privateWrite).filteredOn("lock_load"::equals).hasSize(1);
            assertThat(privateWrite).filteredOn("commit"::equals).hasSize(2);
            assertThat(privateWrite).containsOnly("lock_load", "load", "commit");
            // a group's scopes live in other slots: the conversation's commit (the operation recorded), each
            // scope's commit (sent together, one round trip), then the clearing with the lock's release
            List<String> groupWrite = roundTrips(CLUSTER,
                    () -> update(contexts, GROUP_UPDATE, "write", DataScope.USER, DataScope.CHAT));
            assertThat(groupWrite).filteredOn("commit"::equals).hasSize(4);
            assertThat(groupWrite).filteredOn("lock_load"::equals).hasSize(1);
            // the calls, each one round trip (lockAndLoad sends the other slots' loads with its script,
            // saveEach pipelines the scope writes to their nodes): 4 for a group update changing scopes
            CountingFsmStorage counting = new CountingFsmStorage(contexts.storage());
            FsmContexts counted = FsmTransactions.contexts(counting, new JacksonFsmCodec(), contexts.options(), leases);
            update(counted, GROUP_UPDATE, "warm-counted");
            counting.reset();
            try (FsmTransaction tx = FsmTransactions.begin(counted, PRIVATE_UPDATE)) {
                tx.context().setState("private-counted");
                tx.scope(DataScope.USER).increment("visits", 1);
                tx.commit();
            }
            assertThat(counting.snapshot()).as("a private chat: the lock with every read, the commit, the user scope"
                    + " with the clearing").containsExactlyInAnyOrderEntriesOf(
                            Map.of("lockAndLoad", 1L, "save", 1L, "saveTogether", 1L));
            counting.reset();
            update(counted, GROUP_UPDATE, "read-counted");
            assertThat(counting.snapshot()).as("the other slots' scopes are read in the lock request's round trip")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("lockAndLoad", 1L, "save", 1L));
            counting.reset();
            update(counted, GROUP_UPDATE, "write-counted", DataScope.USER, DataScope.CHAT);
            assertThat(counting.snapshot()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("lockAndLoad", 1L, "save", 2L, "saveEach", 1L));
            counting.reset();
            update(counted, GROUP_UPDATE, "write-user", DataScope.USER);
            assertThat(counting.snapshot()).containsExactlyInAnyOrderEntriesOf(Map.of("lockAndLoad", 1L, "save", 3L));
        }
        finally {
            factory.destroy();
        }
    }

    private static FsmContexts contexts(LettuceConnectionFactory factory, LeaseKeeper leases) {
        RedisFsmStorage storage = new RedisFsmStorage(factory, new KeyRenderer(RedisFsmStorageIT.randomPrefix()),
                StorageConfig.ofDefaults());
        ContextConfig options = ContextConfig.ofDefaults().withLock(Duration.ofSeconds(30), Duration.ofSeconds(30))
                .withPreload(List.of("scenes_history", DataScope.USER.destiny(), DataScope.CHAT.destiny(),
                        DataScope.BOT.destiny()));
        return FsmTransactions.contexts(storage, new JacksonFsmCodec(), options, leases);
    }

    /** One update: reads the state and every scope, sets the state, and counts a visit in the scopes given. */
    private static void update(FsmContexts contexts, StorageKey key, String state, DataScope... written) {
        try (FsmTransaction tx = FsmTransactions.begin(contexts, key)) {
            tx.context().getState();
            for (DataScope scope : DataScope.values()) {
                tx.scope(scope).all();
            }
            tx.context().setState(state);
            for (DataScope scope : written) {
                tx.scope(scope).increment("visits", 1);
            }
            tx.commit();
        }
    }

    private static List<String> roundTrips(List<StatefulRedisConnection<String, String>> nodes, Runnable work) {
        return SlowLogRoundTrips.during(nodes, HOUSEKEEPING, work);
    }
}
