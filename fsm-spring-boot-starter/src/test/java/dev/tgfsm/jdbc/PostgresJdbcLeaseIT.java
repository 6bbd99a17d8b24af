package dev.tgfsm.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * The lease-lock checks of {@link JdbcLeaseContract} on PostgreSQL.
 */
@RequiresServers(TestServer.POSTGRES)
class PostgresJdbcLeaseIT extends JdbcLeaseContract {

    @Override
    protected DataSource createDataSource() {
        return TestDataSources.postgres(8);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }
}
