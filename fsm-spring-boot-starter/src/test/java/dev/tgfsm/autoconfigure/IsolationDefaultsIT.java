package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.tgfsm.context.ContextOptions;
import dev.tgfsm.jdbc.JdbcDialect;
import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * The shared SQL databases lock conversations across instances by default, on the real servers.
 */
@RequiresServers({TestServer.POSTGRES, TestServer.MARIADB})
class IsolationDefaultsIT {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
            .withPropertyValues("tgfsm.jdbc.initialize-schema=never");

    @Test
    void postgresLocksAcrossInstancesByDefault() {
        runner.withBean(DataSource.class, () -> new DriverManagerDataSource(TestServer.POSTGRES.url())).run((context) -> {
            assertThat(context.getBean(JdbcFsmStorage.class).getDialect()).isEqualTo(JdbcDialect.POSTGRESQL);
            assertThat(context.getBean(ContextOptions.class).lockLease()).isEqualTo(ContextOptions.DEFAULT_LOCK_LEASE);
        });
    }

    @Test
    void mariaDbLocksAcrossInstancesByDefault() {
        runner.withBean(DataSource.class, () -> new DriverManagerDataSource(TestServer.MARIADB.url())).run((context) -> {
            assertThat(context.getBean(JdbcFsmStorage.class).getDialect()).isEqualTo(JdbcDialect.MARIADB);
            assertThat(context.getBean(ContextOptions.class).lockLease()).isEqualTo(ContextOptions.DEFAULT_LOCK_LEASE);
        });
    }

    @Test
    void postgresLockCanBeSwitchedOff() {
        runner.withPropertyValues("tgfsm.isolation.distributed=false")
                .withBean(DataSource.class, () -> new DriverManagerDataSource(TestServer.POSTGRES.url()))
                .run((context) -> assertThat(context.getBean(ContextOptions.class).lockLease()).isNull());
    }
}
