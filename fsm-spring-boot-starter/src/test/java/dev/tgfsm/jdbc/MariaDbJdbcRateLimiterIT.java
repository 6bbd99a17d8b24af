package dev.tgfsm.jdbc;

import com.zaxxer.hikari.HikariDataSource;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * The rate-limiter contract on MariaDB.
 */
@RequiresServers(TestServer.MARIADB)
class MariaDbJdbcRateLimiterIT extends JdbcRateLimiterContract {

    @Override
    HikariDataSource pool(int size) {
        return TestDataSources.mariadb(size);
    }
}
