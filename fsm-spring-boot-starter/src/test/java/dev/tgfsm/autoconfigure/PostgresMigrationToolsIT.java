package dev.tgfsm.autoconfigure;

import dev.tgfsm.jdbc.JdbcDialect;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * Flyway and Liquibase create tgfsm's tables on a real PostgreSQL server.
 */
@RequiresServers(TestServer.POSTGRES)
class PostgresMigrationToolsIT extends MigrationToolsContract {

    @Override
    String url() {
        return TestServer.POSTGRES.url();
    }

    @Override
    JdbcDialect dialect() {
        return JdbcDialect.POSTGRESQL;
    }
}
