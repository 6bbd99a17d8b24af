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
import dev.tgfsm.context.ContextOptions;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.jdbc.BenchSql;
import dev.tgfsm.jdbc.JdbcDialect;
import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.storage.StorageSettings;

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

    /** Opens the pool. */
    @Setup(Level.Trial)
    public void setUp() {
        keySet = new Keys(keys);
        dataSource = pool(db);
        JdbcDialect dialect = dialect(db);
        storage = new JdbcFsmStorage(dataSource, BenchConfig.tablePrefix(), dialect, StorageSettings.defaults());
        contexts = new FsmContexts(storage, new JacksonFsmCodec(), ContextOptions.defaults(), null);
        raw = new RawJdbc(dataSource, new BenchSql(dialect, BenchConfig.tablePrefix()), "sqlite".equals(db));
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
