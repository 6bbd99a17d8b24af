package dev.tgfsm.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The lease-lock checks of {@link JdbcLeaseContract} on one in-memory H2 database shared by two
 * pools (H2 judges leases by its own {@code CURRENT_TIMESTAMP}).
 */
class H2JdbcLeaseTests extends JdbcLeaseContract {

    private final String url = "jdbc:h2:mem:" + TestDataSources.uniquePrefix() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";

    @Override
    protected DataSource createDataSource() {
        return TestDataSources.pool(url, 8);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }
}
