package dev.tgfsm.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;
import dev.tgfsm.storage.LockTurnContract;

/**
 * The storage contract on a real MariaDB server, on tables that real Liquibase created from the shipped
 * migrations (as with {@code tgfsm.jdbc.initialize-schema=never}, the start-up check passes first).
 */
@RequiresServers(TestServer.MARIADB)
class MariaDbJdbcFsmStorageIT extends JdbcFsmStorageContract implements LockTurnContract {

    @Override
    protected DataSource createDataSource() {
        return TestDataSources.mariadb(10);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }

    @Override
    protected void createTables(DataSource dataSource, String prefix) {
        MigrationTools.liquibase(dataSource, prefix);
    }

    @Override
    protected void dropTables(DataSource dataSource, String prefix) {
        MigrationTools.drop(dataSource, prefix);
    }

    /**
     * 500 per thread: 4,000 contended operations on one hot key, each retry loop's race run thousands of times, with
     * exact final counts. At 2,000 (MariaDB: the whole class 72 s, in a CI run on 2 cores) the concurrency cases cost
     * minutes of the suite for the same races, already met thousands of times at 500.
     */
    @Override
    protected int operationsPerThread() {
        return 500;
    }
}
