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

    /**
     * Every concurrency test runs on these tables too, with exact counts, at a tenth of the size: the
     * backend's concurrency is proven at full size by {@link MariaDbJdbcFsmStorageIT} on the same server; what differs
     * here is only the tool that made the tables (the full size took most of this suite's time).
     */
    @Override
    protected int operationsPerThread() {
        return 200;
    }
}
