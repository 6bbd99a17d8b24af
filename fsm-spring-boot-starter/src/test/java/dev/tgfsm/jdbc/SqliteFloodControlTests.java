package dev.tgfsm.jdbc;

import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The flood-control contract on one SQLite file, every instance with a pool of its own.
 */
class SqliteFloodControlTests extends JdbcFloodContract {

    private final Path directory = TestDataSources.tempDirectory();

    @Override
    HikariDataSource pool(int size) {
        return TestDataSources.sqlite(directory, size);
    }
}
