package dev.tgfsm.autoconfigure;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.tgfsm.jdbc.JdbcFsmStorage;
import dev.tgfsm.jdbc.JdbcSchemaInitializer;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;

/**
 * The JDBC backend: chosen explicitly, or when a {@link DataSource} bean exists. Its tables are
 * created at start-up as {@code tgfsm.jdbc.initialize-schema} says; otherwise they must exist by then
 * (created by Flyway or Liquibase), or start-up fails naming the missing table. Creating or checking
 * them is a database initializer of Spring Boot's ({@link JdbcSchemaStartup}): it runs after Flyway and
 * Liquibase, and before this storage and every other bean marked {@code @DependsOnDatabaseInitialization}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JdbcTemplate.class)
@Conditional(StorageTypeCondition.Jdbc.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
class JdbcStorageConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JdbcSchemaInitializer fsmJdbcSchemaInitializer(DataSource dataSource, JdbcStorageProperties jdbcProperties) {
        return new JdbcSchemaInitializer(dataSource, jdbcProperties.getTablePrefix(), null);
    }

    @Bean
    @ConditionalOnMissingBean(FsmStorage.class)
    JdbcSchemaStartup fsmJdbcSchemaStartup(JdbcSchemaInitializer initializer, DataSource dataSource,
            JdbcStorageProperties jdbcProperties) {
        return new JdbcSchemaStartup(initializer, dataSource, jdbcProperties);
    }

    @Bean
    @ConditionalOnMissingBean(FsmStorage.class)
    @DependsOnDatabaseInitialization
    JdbcFsmStorage fsmStorage(DataSource dataSource, JdbcStorageProperties jdbcProperties, StorageConfig settings,
            JdbcSchemaStartup schema, FsmTimers timers) {
        JdbcFsmStorage storage = new JdbcFsmStorage(dataSource, jdbcProperties.getTablePrefix(), null, settings);
        storage.runSweepsOn(timers.background());
        return storage;
    }
}
