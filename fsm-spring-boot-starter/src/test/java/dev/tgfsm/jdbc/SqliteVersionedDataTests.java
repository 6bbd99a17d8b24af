package dev.tgfsm.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.tgfsm.feature.VersionedDataScenarios;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;

/**
 * Versioned conversation and scope data on an SQLite file through a pool of several connections:
 * upgraded on read, stored by the next write, and upgraded by the job.
 */
class SqliteVersionedDataTests extends VersionedDataScenarios {

    private final String prefix = TestDataSources.uniquePrefix();

    private Path directory;

    private HikariDataSource pool;

    private JdbcFsmStorage storage;

    @BeforeEach
    void createTables() {
        directory = TestDataSources.tempDirectory();
        pool = TestDataSources.sqlite(directory, 4);
        new JdbcSchemaInitializer(pool, prefix, null).initialize();
        storage = new JdbcFsmStorage(pool, prefix, null, StorageConfig.ofDefaults());
    }

    @AfterEach
    void deleteFile() {
        pool.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    protected FsmStorage storage() {
        return storage;
    }
}
