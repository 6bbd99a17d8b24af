package dev.tgfsm.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.StorageSettings;

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

    @Test
    void twoPoolsOnOneFileNeverSeeBusyAndCountExactly() throws Exception {
        String prefix = TestDataSources.uniquePrefix();
        HikariDataSource first = TestDataSources.sqlite(directory, 4);
        HikariDataSource second = TestDataSources.sqlite(directory, 4);
        try {
            new JdbcSchemaInitializer(first, prefix, null).initialize();
            List<JdbcFsmStorage> storages = List.of(new JdbcFsmStorage(first, prefix, null, StorageSettings.defaults()),
                    new JdbcFsmStorage(second, prefix, null, StorageSettings.defaults()));
            StorageKey hot = StorageKey.of(1, 1, 7);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                JdbcFsmStorage storage = storages.get(t % 2);
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        storage.increment("hot", 1, Duration.ofHours(1));
                        storage.updateData(hot, Map.of("t" + thread, i + 1));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();

            assertThat(storages.get(0).increment("hot", 0, null)).isEqualTo(8 * 500);
            assertThat(storages.get(1).getData(hot)).hasSize(8).allSatisfy((name, value) -> assertThat(value).isEqualTo(500));
            new JdbcSchemaInitializer(first, prefix, null).drop();
        }
        finally {
            first.close();
            second.close();
        }
    }

    @Override
    protected int operationsPerThread() {
        return 2_000;
    }
}
