package dev.tgfsm.jdbc;

import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;

import dev.tgfsm.outbound.PermitStore;
import dev.tgfsm.outbound.StoragePermitStore;
import dev.tgfsm.storage.StorageSettings;
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
        return new StoragePermitStore(new JdbcFsmStorage(pool, prefix, null, StorageSettings.defaults()));
    }

    @Override
    protected void closeStores() {
        try {
            new JdbcSchemaInitializer(pools.get(0), prefix, null).drop();
        }
        finally {
            pools.forEach(HikariDataSource::close);
        }
    }
}
