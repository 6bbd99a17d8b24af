package dev.tgfsm.autoconfigure;

import java.util.Map;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tgfsm.jdbc.JdbcSchemaInitializer;

/**
 * The README's recipe for tgfsm's Flyway migrations beside an application's own, as written there
 * (snippet {@code flyway-beside-own}); {@link MigrationToolsContract} runs it.
 */
@Configuration(proxyBeanMethods = false)
class TgfsmMigrations {

    @Bean
    FlywayMigrationStrategy tgfsmMigrationsFirst(@Value("${tgfsm.jdbc.table-prefix:tgfsm_}") String prefix) {
        return (flyway) -> {
            DataSource dataSource = flyway.getConfiguration().getDataSource();
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(JdbcSchemaInitializer.migrationLocation(dataSource))
                    .placeholders(Map.of(JdbcSchemaInitializer.PREFIX_PLACEHOLDER, prefix))
                    .table(prefix + "flyway_history")
                    // the schema already holds the application's tables: start below tgfsm's V1
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
            flyway.migrate();
        };
    }
}
