package dev.tgfsm.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.LockTurnContract;

/**
 * The storage contract on a real PostgreSQL server, on tables that real Flyway created from the shipped
 * migrations (as with {@code tgfsm.jdbc.initialize-schema=never}, the start-up check passes first).
 */
@RequiresServers(TestServer.POSTGRES)
class PostgresJdbcFsmStorageIT extends JdbcFsmStorageContract implements LockTurnContract {

    @Override
    protected DataSource createDataSource() {
        return TestDataSources.postgres(10);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }

    @Override
    protected void createTables(DataSource dataSource, String prefix) {
        MigrationTools.flyway(dataSource, JdbcDialect.POSTGRESQL, prefix);
    }

    @Override
    protected void dropTables(DataSource dataSource, String prefix) {
        MigrationTools.drop(dataSource, prefix);
    }

    /**
     * 500 per thread: 4,000 contended operations on one hot key, each retry loop's race run thousands of times, with
     * exact final counts. At 2,000 (PostgreSQL: the hot-key retry loops took 49 s and 32 s, the whole class 151 s, on
     * the 2-core CI machine) the concurrency cases cost minutes of the suite for the same races, already met thousands
     * of times at 500.
     */
    @Override
    protected int operationsPerThread() {
        return 500;
    }
}
