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

    /**
     * Every concurrency test runs on these tables too, with exact counts, at a tenth of the size: the
     * backend's concurrency is proven at full size by {@link PostgresJdbcFsmStorageIT} on the same server; what differs
     * here is only the tool that made the tables (the full size took most of this suite's time).
     */
    @Override
    protected int operationsPerThread() {
        return 200;
    }
}
