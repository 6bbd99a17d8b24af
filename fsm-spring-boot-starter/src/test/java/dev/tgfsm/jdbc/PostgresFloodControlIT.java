package dev.tgfsm.jdbc;

import com.zaxxer.hikari.HikariDataSource;

import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * The flood-control contract on PostgreSQL.
 */
@RequiresServers(TestServer.POSTGRES)
class PostgresFloodControlIT extends JdbcFloodContract {

    @Override
    HikariDataSource pool(int size) {
        return TestDataSources.postgres(size);
    }
}
