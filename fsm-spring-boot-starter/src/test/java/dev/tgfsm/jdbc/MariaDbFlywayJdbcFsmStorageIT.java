package dev.tgfsm.jdbc;

import javax.sql.DataSource;

/**
 * The storage contract on a real MariaDB server, on tables that real Flyway created from the shipped
 * migrations ({@link MariaDbJdbcFsmStorageIT} runs it on Liquibase's), so each tool's tables pass the
 * whole contract on each server.
 */
class MariaDbFlywayJdbcFsmStorageIT extends MariaDbJdbcFsmStorageIT {

    @Override
    protected void createTables(DataSource dataSource, String prefix) {
        MigrationTools.flyway(dataSource, JdbcDialect.MARIADB, prefix);
    }
}
