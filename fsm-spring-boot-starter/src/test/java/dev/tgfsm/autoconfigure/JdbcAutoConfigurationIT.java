package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.jdbc.JdbcSchemaInitializer;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * The starter against a real PostgreSQL: Spring Boot's DataSource makes tgfsm choose JDBC, the schema
 * is created with {@code initialize-schema=always} (PostgreSQL is not embedded), and the concurrency
 * scenario holds. Each test uses its own table prefix and drops only its own tables.
 */
@RequiresServers(TestServer.POSTGRES)
class JdbcAutoConfigurationIT {

    private final DispatcherConcurrency scenario = new DispatcherConcurrency();

    private final String tablePrefix = "it_starter_" + UUID.randomUUID().toString().substring(0, 8) + "_";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FsmAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + TestServer.POSTGRES.url(),
                    "tgfsm.jdbc.table-prefix=" + tablePrefix, "tgfsm.jdbc.initialize-schema=always");

    @Test
    void hundredUsersTimesTwentyUpdatesKeepOrderOnPostgres() {
        this.runner.withBean(UpdateHandler.class, () -> scenario.handler).run((context) -> {
            try {
                assertThat(context).hasSingleBean(JdbcFsmStorage.class);
                scenario.runAndVerify(context);
            }
            finally {
                context.getBean(JdbcSchemaInitializer.class).drop();
            }
        });
    }
}
