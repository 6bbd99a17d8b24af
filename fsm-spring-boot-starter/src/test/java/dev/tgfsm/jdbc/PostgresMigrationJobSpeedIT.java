package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.feature.DataMigration;
import dev.tgfsm.feature.DataMigrations;
import dev.tgfsm.feature.FeatureMigrationJob;
import dev.tgfsm.feature.MigrationReport;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;

/**
 * Measures the migration job over 10,000 records on PostgreSQL, with the backend's batched
 * {@code saveEach} (one transaction per batch) and with the interface's default (one {@code save},
 * so one transaction, per record), and prints both. A measurement, not a check of speed: run it on
 * purpose with {@code -DmeasureMigrationJob=true}; it asserts only that every record was upgraded.
 */
@RequiresServers(TestServer.POSTGRES)
@EnabledIfSystemProperty(named = "measureMigrationJob", matches = "true")
class PostgresMigrationJobSpeedIT {

    private static final int RECORDS = 10_000;

    private static final DataMigration RENAME = DataMigration.renaming("profile", 1, "name", "fullName");

    private final String prefix = TestDataSources.uniquePrefix();

    private HikariDataSource pool;

    private JdbcFsmStorage storage;

    @BeforeEach
    void createTables() {
        pool = TestDataSources.postgres(4);
        new JdbcSchemaInitializer(pool, prefix, null).initialize();
        storage = new JdbcFsmStorage(pool, prefix, null, StorageConfig.ofDefaults());
    }

    @AfterEach
    void dropTables() {
        new JdbcSchemaInitializer(pool, prefix, null).drop();
        pool.close();
    }

    @Test
    void tenThousandRecordsWithATimeToLive() {
        measure(Duration.ofDays(1));
    }

    @Test
    void tenThousandRecordsKeptUntilDeleted() {
        measure(null);
    }

    private void measure(Duration ttl) {
        long bot = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
        seed(bot, ttl);
        long batched = run(storage, bot, ttl, "batched saveEach (one transaction per 100)");

        long perRecord = run(perRecordSaves(storage), bot + 1, ttl, "default saveEach (one transaction per record)");

        System.out.printf("PostgreSQL, %,d records, ttl %s: batched %,d ms (%,.0f records/s), per record %,d ms"
                + " (%,.0f records/s)%n", RECORDS, ttl, batched, RECORDS * 1000.0 / batched, perRecord,
                RECORDS * 1000.0 / perRecord);
    }

    private void seed(long bot, Duration ttl) {
        for (long b : new long[]{bot, bot + 1}) {
            List<WriteBatch> batches = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                batches.add(WriteBatch.of(RecordWrite.put(StorageKey.of(b, 1000 + i, 1000 + i),
                        FsmRecord.of("Profile:ASKED", Map.of("draft:profile", Map.of("name", "User " + i))), 0,
                        ttl)));
                if (batches.size() == 500) {
                    assertThat(storage.saveEach(batches)).containsOnlyNulls();
                    batches.clear();
                }
            }
        }
    }

    private long run(FsmStorage store, long bot, Duration ttl, String what) {
        FsmContexts contexts = FsmTransactions.contexts(store, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withTtl(ttl),
                new LeaseKeeper());
        long start = System.nanoTime();
        MigrationReport report = new FeatureMigrationJob(contexts, DataMigrations.of(List.of(RENAME)), "profile",
                FeatureMigrationJob.DEFAULT_BATCH_SIZE, bot).run();
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("%s: %s in %,d ms%n", what, report, millis);
        assertThat(report).isEqualTo(new MigrationReport(RECORDS, RECORDS, 0, 0, true));
        return millis;
    }

    /** The storage with the interface's own {@code saveEach}: one {@code save} after the other. */
    private static FsmStorage perRecordSaves(FsmStorage target) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("saveEach")) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            try {
                return method.invoke(target, args);
            }
            catch (InvocationTargetException ex) {
                throw ex.getCause();
            }
        };
        return (FsmStorage) Proxy.newProxyInstance(FsmStorage.class.getClassLoader(), new Class<?>[]{FsmStorage.class},
                handler);
    }
}
