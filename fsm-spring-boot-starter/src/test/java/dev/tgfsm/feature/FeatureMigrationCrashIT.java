package dev.tgfsm.feature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.feature.FeatureMigrationScenarios.Profile;
import dev.tgfsm.feature.FeatureMigrationScenarios.ProfileV1;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.jdbc.JdbcSchemaInitializer;
import dev.tgfsm.jdbc.TestDataSources;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.redis.LettuceResilience;
import dev.tgfsm.redis.RedisFsmStorage;
import dev.tgfsm.servers.JvmProcess;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

/**
 * The offline migration job killed with {@code SIGKILL} half-way, the way an operator meets it: the
 * job runs in its own JVM ({@link FeatureMigrationJobMain}) over 2,000 records written by older code,
 * in batches of 100, while this JVM's dispatcher applies live updates to random users; it is killed
 * after five batches and run again to completion, live updates going on. Then every record holds
 * exactly its user's visits in the new form (an upgrade applied twice would fail, a lost live update
 * would show), and its version moved by its live updates plus at most one upgrade (exactly one for a
 * record no update touched). Once on Redis, once on PostgreSQL.
 */
@RequiresServers({TestServer.REDIS, TestServer.POSTGRES})
class FeatureMigrationCrashIT {

    private static final int RECORDS = 2000;

    private static final int BATCH = 100;

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final long bot = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);

    private final long firstUser = ThreadLocalRandom.current().nextLong(1_000, 1_000_000) * 10_000;

    private final Updates updates = new Updates(MutableClock.now());

    private final DataMigrations migrations = DataMigrations.of(List.of(FeatureMigrationScenarios.RENAME_AND_COUNT));

    private final Map<Integer, Integer> visits = new ConcurrentHashMap<>();

    private final List<Future<?>> live = new ArrayList<>();

    @Test
    void aJobKilledHalfWayOnRedisUpgradesEveryRecordOnceWhenRunAgain() throws Exception {
        String url = TestServer.REDIS.url();
        String prefix = "mig-crash-" + System.nanoTime() + ":";
        URI uri = URI.create(url);
        LettuceConnectionFactory factory = LettuceResilience.standalone(uri.getHost(), uri.getPort(), null,
                Duration.ofSeconds(5));
        RedisFsmStorage storage = new RedisFsmStorage(factory, new KeyRenderer(prefix), StorageConfig.ofDefaults());
        try {
            killedAndRunAgain(storage, List.of("redis", url, prefix));
        }
        finally {
            storage.clearNamespace();
            factory.destroy();
        }
    }

    @Test
    void aJobKilledHalfWayOnPostgresUpgradesEveryRecordOnceWhenRunAgain() throws Exception {
        String prefix = TestDataSources.uniquePrefix();
        HikariDataSource pool = TestDataSources.postgres(6);
        JdbcSchemaInitializer schema = new JdbcSchemaInitializer(pool, prefix, null);
        schema.initialize();
        try {
            killedAndRunAgain(new JdbcFsmStorage(pool, prefix, null, StorageConfig.ofDefaults()),
                    List.of("jdbc", TestServer.POSTGRES.url(), prefix));
        }
        finally {
            schema.drop();
            pool.close();
        }
    }

    private void killedAndRunAgain(FsmStorage storage, List<String> store) throws Exception {
        long start = System.nanoTime();
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), FeatureMigrationJobMain.OPTIONS,
                new LeaseKeeper());
        storedByOldCode(contexts);
        Map<Integer, Long> seeded = new HashMap<>();
        for (int i = 0; i < RECORDS; i++) {
            seeded.put(i, storage.load(key(i)).version());
        }
        UpdateHandler visiting = u -> {
            new TypedFeatureState<>(u.context(), "profile", Profile.class, migrations)
                    .modify(p -> new Profile(p.fullName(), p.visits() + 1));
            u.context().setState("Profile:VISITED");
        };
        int upgradedAtKill;
        String[] report;
        try (UpdateDispatcher dispatcher = new UpdateDispatcher(bot, KeyStrategy.USER_IN_CHAT, contexts, visiting,
                DispatcherConfig.ofDefaults().withThreads(4), null)) {
            List<String> args = new ArrayList<>(store);
            args.addAll(List.of(String.valueOf(bot), String.valueOf(BATCH), "25"));
            try (JvmProcess first = JvmProcess.start(FeatureMigrationJobMain.class, log(store.get(0) + "-first"),
                    args)) {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!first.output().contains("before batch 6")) {
                    check(first, deadline);
                    visitSome(dispatcher, 1);
                    Thread.sleep(10);
                }
                first.kill();
                assertThat(first.output()).as("killed before the end").doesNotContain("report");
            }
            upgradedAtKill = 0;
            for (int i = 0; i < RECORDS; i++) {
                if (storage.load(key(i)).data().toString().contains(DataMigrations.VERSION_ENTRY + "=2")) {
                    upgradedAtKill++;
                }
            }
            visitSome(dispatcher, 20);

            args.set(args.size() - 1, "0");
            try (JvmProcess second = JvmProcess.start(FeatureMigrationJobMain.class, log(store.get(0) + "-second"),
                    args)) {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (second.isAlive()) {
                    check(second, deadline);
                    visitSome(dispatcher, 1);
                    Thread.sleep(10);
                }
                assertThat(second.awaitExit(WAIT)).as(second.tail()).isZero();
                String output = second.output();
                report = output.substring(output.indexOf("report ")).trim().split(" ");
            }
            for (Future<?> update : live) {
                update.get(60, TimeUnit.SECONDS);
            }
        }

        assertThat(report).as("scanned, upgraded, current, failed, complete of the second run")
                .containsExactly("report", String.valueOf(RECORDS), report[2], report[3], "0", "true");
        assertThat(Long.parseLong(report[2]) + Long.parseLong(report[3])).isEqualTo(RECORDS);
        long upgradeWrites = 0;
        for (int i = 0; i < RECORDS; i++) {
            FsmRecord record = storage.load(key(i));
            int expected = visits.getOrDefault(i, 0);
            assertThat(record.data()).as("user %d", i).containsOnly(Map.entry("draft:profile",
                    Map.of("fullName", "User " + i, "visits", expected, DataMigrations.VERSION_ENTRY, 2)));
            assertThat(record.state()).isEqualTo(expected > 0 ? "Profile:VISITED" : "Profile:ASKED");
            long jobWrites = record.version() - seeded.get(i) - expected;
            assertThat(jobWrites).as("writes of the jobs to user %d (visited %d times)", i, expected)
                    .isBetween(expected > 0 ? 0L : 1L, 1L);
            upgradeWrites += jobWrites;
        }
        MigrationReport again = new FeatureMigrationJob(contexts, migrations, "profile", BATCH, bot).run();
        assertThat(again).isEqualTo(new MigrationReport(RECORDS, 0, RECORDS, 0, true));
        System.out.printf("migration crash test (%s): killed with %d of %d records upgraded; the second run upgraded"
                + " %s; %d upgrade writes in all beside %d live updates to %d users; %d ms%n", store.get(0),
                upgradedAtKill, RECORDS, report[2], upgradeWrites, live.size(), visits.size(),
                Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    /** Stores the profiles as the code before the change did: no version entry, mid-flow. */
    private void storedByOldCode(FsmContexts contexts) {
        for (int from = 0; from < RECORDS; from += 500) {
            List<StorageKey> keys = new ArrayList<>();
            for (int i = from; i < Math.min(RECORDS, from + 500); i++) {
                keys.add(key(i));
            }
            assertThat(FsmTransactions.inOneWrite(contexts, keys, tx -> {
                tx.context().setState("Profile:ASKED");
                new TypedFeatureState<>(tx.context(), "profile", ProfileV1.class)
                        .put(new ProfileV1("User " + (tx.key().userId() - firstUser), "0"));
            })).isEmpty();
        }
    }

    /** Live updates: a visit of each of {@code count} random users. */
    private void visitSome(UpdateDispatcher dispatcher, int count) {
        for (int n = 0; n < count; n++) {
            int i = ThreadLocalRandom.current().nextInt(RECORDS);
            visits.merge(i, 1, Integer::sum);
            live.add(dispatcher.submit(updates.text(firstUser + i, "visit")));
        }
    }

    private StorageKey key(int i) {
        return StorageKey.of(bot, firstUser + i, firstUser + i);
    }

    private static void check(JvmProcess job, long deadline) {
        if (System.nanoTime() - deadline > 0) {
            throw new AssertionError("The job did not get on in time:\n" + job.tail());
        }
    }

    private static Path log(String name) throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "crash-logs"));
        Path log = logs.resolve("migration-" + name + ".log");
        Files.deleteIfExists(log);
        return log;
    }
}
