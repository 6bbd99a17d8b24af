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

import dev.tgfsm.feature.FeatureMigrationScenarios;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;

/**
 * Versioned feature data on an SQLite file through a pool of several connections: the lazy upgrade
 * through the dispatcher's unit of work, and the job beside live updates.
 */
class SqliteFeatureMigrationTests extends FeatureMigrationScenarios {

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
