package dev.tgfsm.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The storage contract on an SQLite file in a temporary directory, through a pool of several
 * connections, so that writes really are serialised by the storage and not by a single connection.
 */
class SqliteJdbcFsmStorageTests extends JdbcFsmStorageContract {

    private Path directory;

    @Override
    protected DataSource createDataSource() {
        directory = TestDataSources.tempDirectory();
        return TestDataSources.sqlite(directory, 4);
    }

    @Override
    protected void closeDataSource(DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    protected int operationsPerThread() {
        return 2_000;
    }
}
