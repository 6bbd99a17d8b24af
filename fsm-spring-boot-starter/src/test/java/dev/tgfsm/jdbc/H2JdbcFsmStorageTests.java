package dev.tgfsm.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The storage contract on an in-memory H2 database.
 */
class H2JdbcFsmStorageTests extends JdbcFsmStorageContract {

    @Override
    protected DataSource createDataSource() {
        return TestDataSources.h2(10);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }

    @Override
    protected int operationsPerThread() {
        return 5_000;
    }
}
