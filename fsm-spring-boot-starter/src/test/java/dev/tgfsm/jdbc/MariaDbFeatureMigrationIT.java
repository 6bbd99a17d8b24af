package dev.tgfsm.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.tgfsm.feature.FeatureMigrationScenarios;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;

/**
 * Versioned feature data on MariaDB: the lazy upgrade through the dispatcher's unit of work, and
 * the job beside live updates, on fresh tables.
 */
@RequiresServers(TestServer.MARIADB)
class MariaDbFeatureMigrationIT extends FeatureMigrationScenarios {

    private final String prefix = TestDataSources.uniquePrefix();

    private HikariDataSource pool;

    private JdbcFsmStorage storage;

    @BeforeEach
    void createTables() {
        pool = TestDataSources.mariadb(6);
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
