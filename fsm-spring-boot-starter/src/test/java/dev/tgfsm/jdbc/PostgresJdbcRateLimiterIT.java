package dev.tgfsm.jdbc;

import com.zaxxer.hikari.HikariDataSource;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * The rate-limiter contract on PostgreSQL.
 */
@RequiresServers(TestServer.POSTGRES)
class PostgresJdbcRateLimiterIT extends JdbcRateLimiterContract {

    @Override
    HikariDataSource pool(int size) {
        return TestDataSources.postgres(size);
    }
}
