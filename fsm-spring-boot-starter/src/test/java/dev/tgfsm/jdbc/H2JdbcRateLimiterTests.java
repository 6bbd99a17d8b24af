package dev.tgfsm.jdbc;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The rate-limiter contract on an in-memory H2 database, both pools on the same database.
 */
class H2JdbcRateLimiterTests extends JdbcRateLimiterContract {

    private String url;

    @Override
    HikariDataSource pool(int size) {
        if (url == null) {
            HikariDataSource first = TestDataSources.h2(size);
            url = first.getJdbcUrl();
            return first;
        }
        return TestDataSources.pool(url, size);
    }
}
