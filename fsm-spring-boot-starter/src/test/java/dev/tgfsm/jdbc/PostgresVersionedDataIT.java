package dev.tgfsm.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.tgfsm.feature.VersionedDataScenarios;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;

/**
 * Versioned conversation and scope data on PostgreSQL: upgraded on read, stored by the next write, and
 * upgraded by the job, on fresh tables.
 */
@RequiresServers(TestServer.POSTGRES)
class PostgresVersionedDataIT extends VersionedDataScenarios {

    private final String prefix = TestDataSources.uniquePrefix();

    private HikariDataSource pool;

    private JdbcFsmStorage storage;

    @BeforeEach
    void createTables() {
        pool = TestDataSources.postgres(6);
        new JdbcSchemaInitializer(pool, prefix, null).initialize();
        storage = new JdbcFsmStorage(pool, prefix, null, StorageConfig.ofDefaults());
    }

    @AfterEach
    void dropTables() {
        new JdbcSchemaInitializer(pool, prefix, null).drop();
        pool.close();
    }

    @Override
    protected FsmStorage storage() {
        return storage;
    }
}
