package dev.tgfsm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import dev.tgfsm.outbound.Bucket;
import dev.tgfsm.outbound.PermitStore;
import dev.tgfsm.outbound.StoragePermitStore;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.telegram.FloodControlContract;

/**
 * The flood-control contract on a database: every instance a {@link StoragePermitStore} over a
 * {@link JdbcFsmStorage} with a pool of its own, all on tables of one fresh prefix.
 */
abstract class JdbcFloodContract extends FloodControlContract {

    private final String prefix = TestDataSources.uniquePrefix();

    private final List<HikariDataSource> pools = new ArrayList<>();

    /**
     * Opens a pool on the database under test.
     *
     * @param size the pool size
     * @return the pool
     */
    abstract HikariDataSource pool(int size);

    @Override
    protected PermitStore openStore() {
        HikariDataSource pool = pool(2);
        if (pools.isEmpty()) {
            new JdbcSchemaInitializer(pool, prefix, null).initialize();
        }
        pools.add(pool);
        return new StoragePermitStore(new JdbcFsmStorage(pool, prefix, null, StorageConfig.ofDefaults()));
    }

    @Override
    protected void closeStores() {
        try {
            if (!pools.isEmpty()) {
                new JdbcSchemaInitializer(pools.get(0), prefix, null).drop();
            }
        }
        finally {
            pools.forEach(HikariDataSource::close);
        }
    }

    @Test
    public void aPermitReadsEveryBucketThenTakesEachWithAReadAndAWrite() {
        HikariDataSource pool = pool(1);
        pools.add(pool);
        StatementCountingDataSource counting = new StatementCountingDataSource(pool);
        PermitStore store = new StoragePermitStore(
                new JdbcFsmStorage(counting.dataSource(), prefix, null, StorageConfig.ofDefaults()));
        Duration interval = Duration.ofMillis(1);
        List<Bucket> buckets = List.of(new Bucket("g", interval, Duration.ofMinutes(1)),
                new Bucket("c:-100", interval, Duration.ofMinutes(1)),
                new Bucket("m:-100", interval, Duration.ofMinutes(1)));
        Instant now = Instant.now();
        assertThat(store.tryAcquire(BOT, buckets, now)).isZero();
        counting.reset();

        assertThat(store.tryAcquire(BOT, buckets, now.plus(interval))).isZero();
        List<String> reads = counting.statements().stream().filter(sql -> sql.strip().startsWith("SELECT")).toList();
        assertThat(reads).as(counting.summary()).hasSize(2 * buckets.size());
        assertThat(counting.writes()).as(counting.summary()).hasSize(buckets.size());
    }
}
