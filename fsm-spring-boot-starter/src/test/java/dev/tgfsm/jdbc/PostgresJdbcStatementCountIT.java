package dev.tgfsm.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * Statement counts on a real PostgreSQL server.
 */
@RequiresServers(TestServer.POSTGRES)
class PostgresJdbcStatementCountIT extends JdbcStatementCountContract {

    @Override
    protected DataSource createDataSource() {
        return TestDataSources.postgres(2);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }
}
