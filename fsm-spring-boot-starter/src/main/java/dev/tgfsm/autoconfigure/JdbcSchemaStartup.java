package dev.tgfsm.autoconfigure;

import java.util.Set;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.core.Ordered;

import dev.tgfsm.jdbc.JdbcSchemaInitializer;

/**
 * tgfsm's step of the application's database initialisation: creates the tables when
 * {@code tgfsm.jdbc.initialize-schema} says so, otherwise checks that they exist. Spring Boot treats it
 * as a database initializer ({@link Detector}): it runs after Flyway and Liquibase, and beans marked
 * {@code @DependsOnDatabaseInitialization} are created after it.
 */
class JdbcSchemaStartup implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(JdbcSchemaStartup.class);

    private final JdbcSchemaInitializer initializer;

    private final DataSource dataSource;

    private final JdbcStorageProperties.SchemaInitialization mode;

    JdbcSchemaStartup(JdbcSchemaInitializer initializer, DataSource dataSource, JdbcStorageProperties properties) {
        this.initializer = initializer;
        this.dataSource = dataSource;
        JdbcStorageProperties.SchemaInitialization configured = properties.getInitializeSchema();
        this.mode = configured == null ? JdbcStorageProperties.SchemaInitialization.EMBEDDED : configured;
    }

    /**
     * Creates or checks the tables; the database is first asked whether it is embedded only here, not
     * when the bean is created.
     */
    @Override
    public void afterPropertiesSet() {
        boolean initialize = switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case EMBEDDED -> EmbeddedDatabases.isEmbedded(dataSource);
        };
        if (initialize) {
            log.debug("Creating the tgfsm tables if missing");
            initializer.initialize();
        }
        else {
            initializer.verify();
        }
    }

    /**
     * Finds {@link JdbcSchemaStartup} beans for Spring Boot's database initialisation ordering, after the
     * initializers Spring Boot ships (Flyway, Liquibase, {@code spring.sql.init} scripts), which may have
     * created the tables.
     */
    static class Detector extends AbstractBeansOfTypeDatabaseInitializerDetector {

        @Override
        protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
            return Set.of(JdbcSchemaStartup.class);
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE - 50;
        }
    }
}
