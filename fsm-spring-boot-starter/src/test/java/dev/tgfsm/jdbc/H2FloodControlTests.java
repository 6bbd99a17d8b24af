package dev.tgfsm.jdbc;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The flood-control contract on an in-memory H2 database, every instance's pool on the same database.
 */
class H2FloodControlTests extends JdbcFloodContract {

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
