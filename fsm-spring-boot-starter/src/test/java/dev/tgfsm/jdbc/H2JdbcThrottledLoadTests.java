package dev.tgfsm.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The checks of {@link JdbcThrottledLoadContract} on one in-memory H2 database shared by the
 * instances' pools: the step computed by a {@code MERGE} in the load.
 */
class H2JdbcThrottledLoadTests extends JdbcThrottledLoadContract {

    private final String url = TestDataSources.h2Url();

    @Override
    protected DataSource createDataSource() {
        return TestDataSources.pool(url, 8);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }
}
