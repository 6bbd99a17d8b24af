package dev.tgfsm.autoconfigure;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.storage.FsmStorage;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Matches the storage configuration of the backend tgfsm uses: none when the application defines its
 * own {@link FsmStorage}; else the one named by {@code tgfsm.storage.type}; else Redis when a
 * {@code RedisConnectionFactory} bean exists, JDBC when a {@code DataSource} bean exists, memory
 * otherwise. An explicit type whose library or connection is missing fails with a
 * {@link FsmConfigurationException}.
 */
abstract class StorageTypeCondition extends SpringBootCondition implements ConfigurationCondition {

    static final String REDIS_FACTORY = "org.springframework.data.redis.connection.RedisConnectionFactory";

    static final String JDBC_TEMPLATE = "org.springframework.jdbc.core.JdbcTemplate";

    static final String DATA_SOURCE = "javax.sql.DataSource";

    private final String type;

    StorageTypeCondition(String type) {
        this.type = type;
    }

    @Override
    public ConfigurationPhase getConfigurationPhase() {
        return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String selected = select(context);
        if (selected == null) {
            return ConditionOutcome.noMatch("the application defines its own FsmStorage");
        }
        return type.equals(selected) ? ConditionOutcome.match("tgfsm storage is " + selected)
                : ConditionOutcome.noMatch("tgfsm storage is " + selected + ", not " + type);
    }

    /**
     * Decides the backend.
     *
     * @return {@code memory}, {@code redis}, {@code jdbc}, or {@code null} when a user bean exists
     */
    static @Nullable String select(ConditionContext context) {
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        if (beans == null || beans.getBeanNamesForType(FsmStorage.class, true, false).length > 0) {
            return null;
        }
        String explicit = FsmSettings.storageType(context.getEnvironment().getProperty("tgfsm.storage.type"));
        ClassLoader loader = context.getClassLoader();
        boolean redisClasses = ClassUtils.isPresent(REDIS_FACTORY, loader);
        boolean jdbcClasses = ClassUtils.isPresent(JDBC_TEMPLATE, loader);
        if ("redis".equals(explicit)) {
            if (!redisClasses) {
                throw new FsmConfigurationException("tgfsm.storage.type is redis but Spring Data Redis is not on the class path.",
                        "Add org.springframework.boot:spring-boot-starter-data-redis to your dependencies, "
                                + "or choose another tgfsm.storage.type.");
            }
            if (!hasBean(beans, REDIS_FACTORY, loader)) {
                throw new FsmConfigurationException("tgfsm.storage.type is redis but there is no RedisConnectionFactory bean.",
                        "Configure Redis with spring.data.redis.* (Spring Boot then creates the connection factory) "
                                + "or define a RedisConnectionFactory bean.");
            }
            return explicit;
        }
        if ("jdbc".equals(explicit)) {
            if (!jdbcClasses) {
                throw new FsmConfigurationException("tgfsm.storage.type is jdbc but Spring JDBC is not on the class path.",
                        "Add org.springframework.boot:spring-boot-starter-jdbc and a JDBC driver to your dependencies, "
                                + "or choose another tgfsm.storage.type.");
            }
            if (!hasBean(beans, DATA_SOURCE, loader)) {
                throw new FsmConfigurationException("tgfsm.storage.type is jdbc but there is no DataSource bean.",
                        "Configure a database with spring.datasource.url (Spring Boot then creates the DataSource) "
                                + "or define a DataSource bean.");
            }
            return explicit;
        }
        if (explicit != null) {
            return explicit;
        }
        if (redisClasses && hasBean(beans, REDIS_FACTORY, loader)) {
            return "redis";
        }
        if (jdbcClasses && hasBean(beans, DATA_SOURCE, loader)) {
            return "jdbc";
        }
        return "memory";
    }

    private static boolean hasBean(ConfigurableListableBeanFactory beans, String typeName, @Nullable ClassLoader loader) {
        try {
            Class<?> type = ClassUtils.forName(typeName, loader);
            return beans.getBeanNamesForType(type, true, false).length > 0;
        }
        catch (ClassNotFoundException | LinkageError ex) {
            return false;
        }
    }

    /** Matches when tgfsm uses the in-memory backend. */
    static final class Memory extends StorageTypeCondition {

        Memory() {
            super("memory");
        }
    }

    /** Matches when tgfsm uses the Redis backend. */
    static final class Redis extends StorageTypeCondition {

        Redis() {
            super("redis");
        }
    }

    /** Matches when tgfsm uses the JDBC backend. */
    static final class Jdbc extends StorageTypeCondition {

        Jdbc() {
            super("jdbc");
        }
    }
}
