package dev.tgfsm.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * The storage contract on a real MariaDB server.
 */
@RequiresServers(TestServer.MARIADB)
class MariaDbJdbcFsmStorageIT extends JdbcFsmStorageContract {

    @Override
    protected DataSource createDataSource() {
        return TestDataSources.mariadb(10);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }

    @Override
    protected int operationsPerThread() {
        return 2_000;
    }
}
