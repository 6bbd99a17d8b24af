package dev.tgfsm.jdbc;

import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.tgfsm.outbox.OutboxStorageScenarios;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;

/**
 * The outbox's guarantees on PostgreSQL: two instances, each with its own pool, on the same tables.
 */
@RequiresServers(TestServer.POSTGRES)
class PostgresOutboxIT extends OutboxStorageScenarios {

    private final String prefix = TestDataSources.uniquePrefix();

    private HikariDataSource poolA;

    private HikariDataSource poolB;

    private List<JdbcFsmStorage> instances;

    @BeforeEach
    void createTables() {
        poolA = TestDataSources.postgres(2);
        poolB = TestDataSources.postgres(2);
        new JdbcSchemaInitializer(poolA, prefix, null).initialize();
        StorageConfig settings = StorageConfig.ofDefaults().withClock(clock);
        instances = List.of(new JdbcFsmStorage(poolA, prefix, null, settings),
                new JdbcFsmStorage(poolB, prefix, null, settings));
    }

    @AfterEach
    void dropTables() {
        new JdbcSchemaInitializer(poolA, prefix, null).drop();
        poolA.close();
        poolB.close();
    }

    @Override
    protected FsmStorage storage(int instance) {
        return instances.get(instance);
    }
}
