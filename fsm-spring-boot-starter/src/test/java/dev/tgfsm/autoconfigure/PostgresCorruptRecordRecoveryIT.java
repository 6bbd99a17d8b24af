package dev.tgfsm.autoconfigure;

import java.util.List;
import java.util.UUID;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import dev.tgfsm.jdbc.JdbcSchemaInitializer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.servers.RequiresServers;
import dev.tgfsm.servers.TestServer;

/**
 * Corrupt records on PostgreSQL: invalid JSON, and versions no write stores (the typed columns
 * allow no text).
 */
@RequiresServers(TestServer.POSTGRES)
class PostgresCorruptRecordRecoveryIT extends CorruptRecordRecoveryContract {

    private final String prefix = "cr_" + UUID.randomUUID().toString().substring(0, 8) + "_";

    @Override
    protected ApplicationContextRunner backend() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + TestServer.POSTGRES.url(), "tgfsm.storage.type=jdbc",
                        "tgfsm.jdbc.initialize-schema=always", "tgfsm.jdbc.table-prefix=" + prefix);
    }

    @Override
    protected List<String> otherKinds() {
        return List.of("zero-version", "negative-version");
    }

    @Override
    protected void plant(ApplicationContext context, StorageKey key, String kind) {
        SqliteCorruptRecordRecoveryTests.plantRow(context, prefix, key, kind);
    }

    @Override
    protected void cleanUp(ApplicationContext context) {
        context.getBean(JdbcSchemaInitializer.class).drop();
    }
}
