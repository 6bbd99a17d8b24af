package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;

import org.h2.Driver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.sqlite.JDBC;

import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.jdbc.JdbcDialect;
import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.redis.RedisFsmStorage;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * Which stores lock conversations across instances by default ({@code tgfsm.isolation.distributed}
 * unset): not the single-process embedded ones (memory, SQLite, H2), yes Redis; and the property
 * switches either way. PostgreSQL and MariaDB are in {@link IsolationDefaultsIT}.
 */
@ExtendWith(OutputCaptureExtension.class)
class IsolationDefaultsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class));

    @TempDir
    Path directory;

    @Test
    void memoryTakesNoCrossInstanceLockByDefault() {
        runner.withPropertyValues("tgfsm.storage.type=memory").run((context) -> {
            assertThat(context).hasSingleBean(InMemoryFsmStorage.class);
            assertThat(context.getBean(ContextConfig.class).lockLease()).isNull();
        });
    }

    @Test
    void h2TakesNoCrossInstanceLockByDefault() {
        runner.withBean(DataSource.class, () -> h2("isolationH2")).run((context) -> {
            assertThat(context.getBean(JdbcFsmStorage.class).getDialect()).isEqualTo(JdbcDialect.H2);
            assertThat(context.getBean(ContextConfig.class).lockLease()).isNull();
        });
    }

    @Test
    void sqliteTakesNoCrossInstanceLockByDefault() {
        runner.withBean(DataSource.class, this::sqlite).run((context) -> {
            assertThat(context.getBean(JdbcFsmStorage.class).getDialect()).isEqualTo(JdbcDialect.SQLITE);
            assertThat(context.getBean(ContextConfig.class).lockLease()).isNull();
        });
    }

    @Test
    void redisLocksAcrossInstancesByDefaultWithAShortLeaseAndAWaitThatOutlastsIt() {
        runner.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class)).run((context) -> {
            assertThat(context).hasSingleBean(RedisFsmStorage.class);
            ContextConfig options = context.getBean(ContextConfig.class);
            assertThat(options.lockLease()).isEqualTo(Duration.ofSeconds(5));
            assertThat(options.lockWait()).isEqualTo(Duration.ofSeconds(15))
                    .as("a dead holder's lease lapses within one wait").isGreaterThan(options.lockLease());
        });
    }

    @Test
    void distributedCanBeSwitchedOnForAnEmbeddedDatabase() {
        runner.withPropertyValues("tgfsm.isolation.distributed=true", "tgfsm.isolation.lock-lease=3s")
                .withBean(DataSource.class, this::sqlite)
                .run((context) -> assertThat(context.getBean(ContextConfig.class).lockLease())
                        .isEqualTo(Duration.ofSeconds(3)));
    }

    @Test
    void distributedCanBeSwitchedOffForRedis() {
        runner.withPropertyValues("tgfsm.isolation.distributed=false")
                .withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
                .run((context) -> assertThat(context.getBean(ContextConfig.class).lockLease()).isNull());
    }

    @Test
    void waitNoLongerThanTheLeaseIsWarnedAbout(CapturedOutput output) {
        runner.withPropertyValues("tgfsm.isolation.lock-wait=5s")
                .withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
                .run((context) -> assertThat(output).contains("tgfsm.isolation.lock-wait (PT5S) is not longer than"));
    }

    @Test
    void defaultWaitIsNotWarnedAbout(CapturedOutput output) {
        runner.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
                .run((context) -> assertThat(output).doesNotContain("is not longer than"));
    }

    private DataSource sqlite() {
        return new SimpleDriverDataSource(new JDBC(), "jdbc:sqlite:" + directory.resolve("isolation.db"));
    }

    private static DataSource h2(String name) {
        return new SimpleDriverDataSource(new Driver(), "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    }
}
