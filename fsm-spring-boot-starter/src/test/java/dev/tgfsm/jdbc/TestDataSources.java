package dev.tgfsm.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.function.IntFunction;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.tgfsm.servers.TestServer;

/**
 * Connection pools for the JDBC tests, and unique table prefixes so that tests sharing a server never
 * see each other's tables.
 */
public final class TestDataSources {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestDataSources() {
    }

    /**
     * A table prefix no other test uses, such as {@code t1a2b3c4d_}.
     */
    public static String uniquePrefix() {
        byte[] bytes = new byte[5];
        RANDOM.nextBytes(bytes);
        return "t" + HexFormat.of().formatHex(bytes) + "_";
    }

    public static HikariDataSource postgres(int poolSize) {
        return pool(TestServer.POSTGRES.url(), poolSize);
    }

    static HikariDataSource mariadb(int poolSize) {
        return pool(TestServer.MARIADB.url(), poolSize);
    }

    static HikariDataSource sqlite(Path directory, int poolSize) {
        return pool("jdbc:sqlite:" + directory.resolve("tgfsm.db"), poolSize);
    }

    static HikariDataSource h2(int poolSize) {
        return pool(h2Url(), poolSize);
    }

    /**
     * The address of a fresh in-memory H2 database that lives until the JVM ends, waiting up to 10 s
     * for a row lock.
     */
    static String h2Url() {
        return "jdbc:h2:mem:" + uniquePrefix() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
    }

    /**
     * Pools on one in-memory H2 database: the first call creates it, later calls open pools on the same
     * database, as separate instances would.
     */
    static IntFunction<HikariDataSource> sharedH2() {
        String[] url = new String[1];
        return poolSize -> {
            if (url[0] == null) {
                HikariDataSource first = h2(poolSize);
                url[0] = first.getJdbcUrl();
                return first;
            }
            return pool(url[0], poolSize);
        };
    }

    static Path tempDirectory() {
        try {
            return Files.createTempDirectory("tgfsm-jdbc");
        }
        catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static HikariDataSource pool(String url, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        config.setPoolName("tgfsm-test-" + uniquePrefix());
        return new HikariDataSource(config);
    }

    /**
     * Opens a connection in a transaction that holds the lock of every record row of the tables with
     * the given prefix ({@code SELECT ... FOR UPDATE}) until it is rolled back or closed, so that
     * writes to those rows from other connections wait.
     *
     * @param dataSource where the tables are
     * @param prefix the tables' prefix
     * @return the connection holding the locks
     */
    static Connection holdRecordRows(DataSource dataSource, String prefix) throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.executeQuery("SELECT * FROM " + prefix + "records FOR UPDATE").close();
        }
        return connection;
    }
}
