package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.jdbc.JdbcDialect;
import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.jdbc.JdbcSchemaInitializer;
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
            .withPropertyValues("tgfsm.jdbc.initialize-schema=always",
                    "tgfsm.jdbc.table-prefix=iso_" + UUID.randomUUID().toString().substring(0, 8) + "_");

    @Test
    void postgresLocksAcrossInstancesByDefault() {
        runOn(TestServer.POSTGRES, runner, (context) -> {
            assertThat(context.getBean(JdbcFsmStorage.class).getDialect()).isEqualTo(JdbcDialect.POSTGRESQL);
            assertThat(context.getBean(ContextConfig.class).lockLease()).isEqualTo(ContextConfig.DEFAULT_LOCK_LEASE);
        });
    }

    @Test
    void mariaDbLocksAcrossInstancesByDefault() {
        runOn(TestServer.MARIADB, runner, (context) -> {
            assertThat(context.getBean(JdbcFsmStorage.class).getDialect()).isEqualTo(JdbcDialect.MARIADB);
            assertThat(context.getBean(ContextConfig.class).lockLease()).isEqualTo(ContextConfig.DEFAULT_LOCK_LEASE);
        });
    }

    @Test
    void postgresLockCanBeSwitchedOff() {
        runOn(TestServer.POSTGRES, runner.withPropertyValues("tgfsm.isolation.distributed=false"),
                (context) -> assertThat(context.getBean(ContextConfig.class).lockLease()).isNull());
    }

    private static void runOn(TestServer server, ApplicationContextRunner runner,
            ContextConsumer<AssertableApplicationContext> check) {
        runner.withBean(DataSource.class, () -> new DriverManagerDataSource(server.url())).run((context) -> {
            try {
                check.accept(context);
            }
            finally {
                context.getBean(JdbcSchemaInitializer.class).drop();
            }
        });
    }
}
