package dev.tgfsm.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * The checks of {@link JdbcThrottledLoadContract} on MariaDB: the step computed in Java, the bucket written apart.
 */
@RequiresServers(TestServer.MARIADB)
class MariaDbJdbcThrottledLoadIT extends JdbcThrottledLoadContract {

    @Override
    protected DataSource createDataSource() {
        return TestDataSources.mariadb(8);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }
}
