package dev.tgfsm.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.jdbc.JdbcBaselineSql;
import dev.tgfsm.jdbc.JdbcSchemaInitializer;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.redis.LettuceResilience;
import dev.tgfsm.redis.RedisFsmStorage;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;

/**
 * Creates and seeds what the forked benchmark JVMs share: {@link BenchConfig#MANY_KEYS} records on
 * Redis (plus the aiogram-style keys) and in the PostgreSQL and SQLite tables, and removes them at
 * the end.
 */
final class Fixtures {

    private Fixtures() {
    }

    static void seedRedis() {
        ClientResources resources = LettuceResilience.clientResources();
        LettuceConnectionFactory factory = LettuceResilience.standalone("127.0.0.1", BenchConfig.redisPort(),
                resources, Duration.ofSeconds(5));
        try {
            RedisFsmStorage storage = new RedisFsmStorage(factory, new KeyRenderer(BenchConfig.redisPrefix()),
                    StorageConfig.ofDefaults());
            seed(storage);
            RedisClient client = RedisClient.create(resources,
                    RedisURI.create("127.0.0.1", BenchConfig.redisPort()));
            try (var connection = client.connect(ByteArrayCodec.INSTANCE)) {
                RawRedis raw = new RawRedis(connection.sync(), new KeyRenderer(BenchConfig.redisPrefix()));
                for (int i = 0; i < BenchConfig.MANY_KEYS; i++) {
                    raw.seedAiogram(BenchConfig.key(i), BenchConfig.seedData());
                }
            }
            finally {
                client.shutdown();
            }
        }
        finally {
            factory.destroy();
            resources.shutdown();
        }
    }

    static void seedJdbc(String db) {
        try (HikariDataSource ds = JdbcFixture.pool(db)) {
            JdbcSchemaInitializer schema = new JdbcSchemaInitializer(ds, BenchConfig.tablePrefix(),
                    JdbcFixture.dialect(db));
            schema.initialize();
            String table = new JdbcBaselineSql(JdbcFixture.dialect(db), BenchConfig.tablePrefix()).recordsTable();
            KeyRenderer renderer = new KeyRenderer("");
            String data = new JacksonFsmCodec().encode(BenchConfig.seedData());
            long now = System.currentTimeMillis();
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (record_key, state, data,"
                        + " meta, version, created_at, updated_at, expires_at) VALUES (?, ?, ?, '{}', 1, ?, ?, NULL)")) {
                    for (int i = 0; i < BenchConfig.MANY_KEYS; i++) {
                        ps.setString(1, renderer.canonical(BenchConfig.key(i)));
                        ps.setString(2, BenchConfig.STATE_A);
                        ps.setString(3, data);
                        ps.setLong(4, now);
                        ps.setLong(5, now);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
            }
            catch (SQLException ex) {
                throw new IllegalStateException("Cannot seed " + db + ": " + ex.getMessage(), ex);
            }
        }
    }

    static void dropJdbc(String db) {
        try (HikariDataSource ds = JdbcFixture.pool(db)) {
            new JdbcSchemaInitializer(ds, BenchConfig.tablePrefix(), JdbcFixture.dialect(db)).drop();
        }
    }

    /** Writes every conversation's seed record. */
    private static void seed(FsmStorage storage) {
        for (int i = 0; i < BenchConfig.MANY_KEYS; i++) {
            storage.save(WriteBatch.of(RecordWrite.put(BenchConfig.key(i),
                    FsmRecord.of(BenchConfig.STATE_A, BenchConfig.seedData()), 0, null)));
        }
    }
}
