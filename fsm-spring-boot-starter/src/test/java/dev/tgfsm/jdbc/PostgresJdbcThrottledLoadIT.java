package dev.tgfsm.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * The checks of {@link JdbcThrottledLoadContract} on PostgreSQL: the step computed by an upsert in
 * a {@code WITH} with the load.
 */
@RequiresServers(TestServer.POSTGRES)
class PostgresJdbcThrottledLoadIT extends JdbcThrottledLoadContract {

    @Override
    protected DataSource createDataSource() {
        return TestDataSources.postgres(8);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }
}
