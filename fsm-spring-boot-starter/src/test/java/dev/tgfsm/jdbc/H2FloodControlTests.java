package dev.tgfsm.jdbc;

import java.util.function.IntFunction;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The flood-control contract on an in-memory H2 database, every instance's pool on the same database.
 */
class H2FloodControlTests extends JdbcFloodContract {

    private final IntFunction<HikariDataSource> database = TestDataSources.sharedH2();

    @Override
    HikariDataSource pool(int size) {
        return database.apply(size);
    }
}
