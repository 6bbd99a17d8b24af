package dev.tgfsm.autoconfigure;

import javax.sql.DataSource;

import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.jdbc.JdbcSchemaInitializer;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The JDBC backend: chosen explicitly, or when a {@link DataSource} bean exists. Its tables are
 * created at start-up as {@code tgfsm.jdbc.initialize-schema} says; otherwise they must exist by then
 * (created by Flyway or Liquibase, which Spring Boot runs before this storage), or start-up fails
 * naming the missing table.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JdbcTemplate.class)
@Conditional(StorageTypeCondition.Jdbc.class)
class JdbcStorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(JdbcStorageConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    JdbcSchemaInitializer fsmJdbcSchemaInitializer(DataSource dataSource, FsmProperties properties) {
        return new JdbcSchemaInitializer(dataSource, properties.getJdbc().getTablePrefix(), null);
    }

    @Bean
    @ConditionalOnMissingBean(FsmStorage.class)
    @DependsOnDatabaseInitialization
    JdbcFsmStorage fsmStorage(DataSource dataSource, FsmProperties properties, StorageSettings settings,
            ObjectProvider<JdbcSchemaInitializer> initializer) {
        FsmProperties.SchemaInitialization mode = properties.getJdbc().getInitializeSchema();
        boolean initialize = switch (mode == null ? FsmProperties.SchemaInitialization.EMBEDDED : mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case EMBEDDED -> EmbeddedDatabases.isEmbedded(dataSource);
        };
        if (initialize) {
            log.debug("Creating the tgfsm tables ({}*) if missing", properties.getJdbc().getTablePrefix());
            initializer.ifAvailable(JdbcSchemaInitializer::initialize);
        }
        else {
            initializer.ifAvailable(JdbcSchemaInitializer::verify);
        }
        return new JdbcFsmStorage(dataSource, properties.getJdbc().getTablePrefix(), null, settings);
    }
}
