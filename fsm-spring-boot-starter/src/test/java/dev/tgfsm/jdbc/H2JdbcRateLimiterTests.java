package dev.tgfsm.jdbc;

import java.util.function.IntFunction;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The rate-limiter contract on an in-memory H2 database, both pools on the same database.
 */
class H2JdbcRateLimiterTests extends JdbcRateLimiterContract {

    private final IntFunction<HikariDataSource> database = TestDataSources.sharedH2();

    @Override
    HikariDataSource pool(int size) {
        return database.apply(size);
    }
}
