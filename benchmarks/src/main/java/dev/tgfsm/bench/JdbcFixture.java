package dev.tgfsm.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.jdbc.JdbcBaselineSql;
import dev.tgfsm.jdbc.JdbcDialect;
import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.StorageConfig;

/**
 * Both sides of the JDBC benchmarks on one connection pool: {@link JdbcFsmStorage} with its contexts
 * (no cross-instance lock: two statements per typical update) and {@link RawJdbc}. Tables are
 * created and seeded by {@link BenchmarkMain}.
 */
@State(Scope.Benchmark)
public class JdbcFixture {

    /** The database. */
    @Param({"postgresql", "sqlite"})
    public String db;

    /** 1: one hot conversation; 10000: distinct conversations. */
    @Param({"1", "10000"})
    public int keys;

    Keys keySet;

    JdbcFsmStorage storage;

    FsmContexts contexts;

    RawJdbc raw;

    final KeyRenderer renderer = new KeyRenderer("");

    private HikariDataSource dataSource;

    private final Object[] guards = new Object[1024];

    /**
     * The in-process guard of a conversation. The dispatcher runs one conversation's updates one at
     * a time; the typical-update benchmarks (library and raw alike) hold this guard to do the same,
     * so that 8 threads on one key queue instead of failing version checks over and over.
     *
     * @param key the conversation
     * @return its guard
     */
    Object guard(StorageKey key) {
        return guards[(key.hashCode() & 0x7fffffff) % guards.length];
    }

    /** Opens the pool. */
    @Setup(Level.Trial)
    public void setUp() {
        keySet = new Keys(keys);
        for (int i = 0; i < guards.length; i++) {
            guards[i] = new Object();
        }
        dataSource = pool(db);
        JdbcDialect dialect = dialect(db);
        storage = new JdbcFsmStorage(dataSource, BenchConfig.tablePrefix(), dialect, StorageConfig.ofDefaults());
        contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null);
        raw = new RawJdbc(dataSource, new JdbcBaselineSql(dialect, BenchConfig.tablePrefix()), "sqlite".equals(db));
    }

    /** Closes the pool. */
    @TearDown(Level.Trial)
    public void tearDown() {
        dataSource.close();
    }

    static JdbcDialect dialect(String db) {
        return "sqlite".equals(db) ? JdbcDialect.SQLITE : JdbcDialect.POSTGRESQL;
    }

    static HikariDataSource pool(String db) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("sqlite".equals(db) ? BenchConfig.sqliteUrl() : BenchConfig.postgresUrl());
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(8);
        return new HikariDataSource(config);
    }
}
