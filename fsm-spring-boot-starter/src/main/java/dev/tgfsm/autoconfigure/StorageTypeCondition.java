package dev.tgfsm.autoconfigure;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.storage.FsmStorage;

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

    private final StorageType type;

    StorageTypeCondition(StorageType type) {
        this.type = type;
    }

    @Override
    public ConfigurationPhase getConfigurationPhase() {
        return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        StorageType selected = select(context);
        if (selected == null) {
            return ConditionOutcome.noMatch("the application defines its own FsmStorage");
        }
        return type == selected ? ConditionOutcome.match("tgfsm storage is " + name(selected))
                : ConditionOutcome.noMatch("tgfsm storage is " + name(selected) + ", not " + name(type));
    }

    /**
     * Decides the backend.
     *
     * @return the backend, or {@code null} when a user bean exists
     */
    static @Nullable StorageType select(ConditionContext context) {
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        if (beans == null || beans.getBeanNamesForType(FsmStorage.class, true, false).length > 0) {
            return null;
        }
        StorageType explicit = explicitType(context.getEnvironment());
        ClassLoader loader = context.getClassLoader();
        boolean redisClasses = ClassUtils.isPresent(REDIS_FACTORY, loader);
        boolean jdbcClasses = ClassUtils.isPresent(JDBC_TEMPLATE, loader);
        if (explicit == StorageType.REDIS) {
            if (!redisClasses) {
                throw new FsmConfigurationException(
                        "tgfsm.storage.type is redis but Spring Data Redis is not on the class path.",
                        "Add org.springframework.boot:spring-boot-starter-data-redis to your dependencies, "
                                + "or choose another tgfsm.storage.type.");
            }
            if (!hasBean(beans, REDIS_FACTORY, loader)) {
                throw new FsmConfigurationException(
                        "tgfsm.storage.type is redis but there is no RedisConnectionFactory bean.",
                        "Configure Redis with spring.data.redis.* (Spring Boot then creates the connection factory) "
                                + "or define a RedisConnectionFactory bean.");
            }
            return explicit;
        }
        if (explicit == StorageType.JDBC) {
            if (!jdbcClasses) {
                throw new FsmConfigurationException(
                        "tgfsm.storage.type is jdbc but Spring JDBC is not on the class path.",
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
            return StorageType.REDIS;
        }
        if (jdbcClasses && hasBean(beans, DATA_SOURCE, loader)) {
            return StorageType.JDBC;
        }
        return StorageType.MEMORY;
    }

    /**
     * Binds {@code tgfsm.storage.type} as {@link StorageProperties} does, before that bean exists: in any
     * case, and failing start-up with Boot's bind error (which lists the valid values) for any other.
     *
     * @return the type, or {@code null} when unset or empty
     */
    static @Nullable StorageType explicitType(Environment environment) {
        return Binder.get(environment).bind("tgfsm.storage", StorageProperties.class)
                .map(StorageProperties::getType).orElse(null);
    }

    private static String name(StorageType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    private static boolean hasBean(ConfigurableListableBeanFactory beans, String typeName,
            @Nullable ClassLoader loader) {
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
            super(StorageType.MEMORY);
        }
    }

    /** Matches when tgfsm uses the Redis backend. */
    static final class Redis extends StorageTypeCondition {

        Redis() {
            super(StorageType.REDIS);
        }
    }

    /** Matches when tgfsm uses the JDBC backend. */
    static final class Jdbc extends StorageTypeCondition {

        Jdbc() {
            super(StorageType.JDBC);
        }
    }
}
