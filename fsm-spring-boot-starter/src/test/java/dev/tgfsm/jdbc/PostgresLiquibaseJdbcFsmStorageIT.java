package dev.tgfsm.jdbc;

import javax.sql.DataSource;

/**
 * The storage contract on a real PostgreSQL server, on tables that real Liquibase created from the
 * shipped changelog ({@link PostgresJdbcFsmStorageIT} runs it on Flyway's), so each tool's tables pass
 * the whole contract on each server.
 */
class PostgresLiquibaseJdbcFsmStorageIT extends PostgresJdbcFsmStorageIT {

    @Override
    protected void createTables(DataSource dataSource, String prefix) {
        MigrationTools.liquibase(dataSource, prefix);
    }
}
