package dev.tgfsm.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * Statements of the sample bot's updates on a real MariaDB server.
 */
@RequiresServers(TestServer.MARIADB)
class MariaDbSampleBotStatementCountIT extends SampleBotStatementCountContract {

    @Override
    protected DataSource createDataSource() {
        return TestDataSources.mariadb(4);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }

    @Override
    protected Expected withoutLock() {
        return new Expected(5, 4);
    }

    @Override
    protected Expected withLock() {
        return new Expected(7, 3);
    }
}
