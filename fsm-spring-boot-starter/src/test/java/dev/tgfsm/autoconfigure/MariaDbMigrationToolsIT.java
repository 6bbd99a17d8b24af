package dev.tgfsm.autoconfigure;

import dev.tgfsm.jdbc.JdbcDialect;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * Flyway and Liquibase create tgfsm's tables on a real MariaDB server.
 */
@RequiresServers(TestServer.MARIADB)
class MariaDbMigrationToolsIT extends MigrationToolsContract {

    @Override
    String url() {
        return TestServer.MARIADB.url();
    }

    @Override
    JdbcDialect dialect() {
        return JdbcDialect.MARIADB;
    }
}
