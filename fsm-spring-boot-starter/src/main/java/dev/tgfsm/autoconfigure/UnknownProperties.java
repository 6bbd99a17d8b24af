package dev.tgfsm.autoconfigure;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreErrorsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.autoconfigure.FsmProperties.UnknownPropertiesPolicy;
import dev.tgfsm.autoconfigure.album.AlbumProperties;
import dev.tgfsm.autoconfigure.middleware.ChatMigrationProperties;
import dev.tgfsm.autoconfigure.middleware.GarbageProperties;
import dev.tgfsm.autoconfigure.middleware.RateLimitProperties;
import dev.tgfsm.autoconfigure.middleware.TransitionProperties;
import dev.tgfsm.autoconfigure.timeout.RestartNoticeProperties;
import dev.tgfsm.autoconfigure.timeout.TimeoutProperties;

/**
 * Finds {@code tgfsm.*} keys that no tgfsm setting reads, such as {@code tgfsm.storage.typ}, which
 * would otherwise be ignored without a word, and warns or stops start-up as
 * {@code tgfsm.unknown-properties} says, before any tgfsm bean is created.
 *
 * <p>A key is known when binding one of tgfsm's {@code @ConfigurationProperties} classes reads it (a
 * value that does not convert counts as read: its own error reports it; so does an empty one).
 * Environment variables are not checked: their names cannot be told from other programs' variables
 * ({@code TGFSM_TEST_...}).
 */
final class UnknownProperties implements BeanFactoryPostProcessor, EnvironmentAware {

    private static final Logger log = LoggerFactory.getLogger(UnknownProperties.class);

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("tgfsm");

    /** Every {@code @ConfigurationProperties} class of tgfsm; together they read every tgfsm key. */
    static final List<Class<?>> PROPERTIES = List.of(FsmProperties.class, StorageProperties.class, KeyProperties.class,
            RedisStorageProperties.class, JdbcStorageProperties.class, IsolationProperties.class,
            DispatcherProperties.class, HistoryProperties.class, StateProperties.class, RoutingProperties.class,
            BotsProperties.class, OutboxProperties.class,
            OutageProperties.class, BotProperties.class,
            EscapeProperties.class, AlbumProperties.class, TimeoutProperties.class, RestartNoticeProperties.class,
            GarbageProperties.class, RateLimitProperties.class, TransitionProperties.class,
            FlowCallProperties.class, MessagesProperties.class,
            ScopeProperties.class, AdminProperties.class, ChatMigrationProperties.class, MigrationProperties.class);

    private @Nullable Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (environment != null) {
            check(environment);
        }
    }

    /**
     * Warns about or refuses the unknown {@code tgfsm.*} keys of an environment, as its
     * {@code tgfsm.unknown-properties} says.
     *
     * @param environment the application's environment
     * @throws FsmConfigurationException when the policy is {@code fail} and a key is unknown
     */
    static void check(Environment environment) {
        Binder binder = Binder.get(environment);
        UnknownPropertiesPolicy policy = binder.bind("tgfsm.unknown-properties", UnknownPropertiesPolicy.class)
                .orElse(UnknownPropertiesPolicy.WARN);
        if (policy == UnknownPropertiesPolicy.IGNORE) {
            return;
        }
        List<String> unknown = find(environment);
        if (unknown.isEmpty()) {
            return;
        }
        String message = "No tgfsm setting reads " + String.join(", ", unknown) + "; "
                + (unknown.size() == 1 ? "it has" : "they have") + " no effect";
        String action = "Correct the spelling (your IDE completes tgfsm.* keys from the configuration metadata) or "
                + "remove the key; tgfsm.unknown-properties=ignore silences this check";
        if (policy == UnknownPropertiesPolicy.FAIL) {
            throw new FsmConfigurationException(message, action);
        }
        log.warn("{}. {}, tgfsm.unknown-properties=fail makes it stop start-up.", message, action);
    }

    /**
     * Returns the {@code tgfsm.*} keys of an environment that no tgfsm setting reads, each with where it
     * was set, in name order.
     *
     * @param environment the environment
     * @return the keys, such as {@code tgfsm.storage.typ (from class path resource [application.yml] - 3:5)}
     */
    static List<String> find(Environment environment) {
        Binder binder = Binder.get(environment);
        Recorder read = new Recorder();
        for (Class<?> type : PROPERTIES) {
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            binder.bind(prefix, Bindable.of(type), read);
        }
        TreeMap<String, String> unknown = new TreeMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable
                    && !(source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource)) {
                iterable.stream().filter(name -> ROOT.isAncestorOf(name) && !read.names.contains(name))
                        .forEach(name -> unknown.putIfAbsent(name.toString(),
                                origin(source.getConfigurationProperty(name))));
            }
        }
        return unknown.entrySet().stream().map(e -> e.getKey() + e.getValue()).collect(Collectors.toList());
    }

    private static String origin(@Nullable ConfigurationProperty property) {
        return property == null || property.getOrigin() == null ? "" : " (from " + property.getOrigin() + ")";
    }

    /**
     * Remembers every name a binding read, bound, not convertible or empty (an empty value converts to
     * nothing, so neither {@code onSuccess} nor {@code onFailure} hears of it), and ignores binding errors.
     */
    private static final class Recorder extends AbstractBindHandler {

        private final Set<ConfigurationPropertyName> names = new HashSet<>();

        Recorder() {
            super(new IgnoreErrorsBindHandler());
        }

        @Override
        public @Nullable Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                Object result) {
            names.add(name);
            return super.onSuccess(name, target, context, result);
        }

        @Override
        public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                Exception error) throws Exception {
            names.add(name);
            return super.onFailure(name, target, context, error);
        }

        @Override
        public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                @Nullable Object result) throws Exception {
            if (result == null) {
                for (ConfigurationPropertySource source : context.getSources()) {
                    if (source.getConfigurationProperty(name) != null) {
                        names.add(name);
                        break;
                    }
                }
            }
            super.onFinish(name, target, context, result);
        }
    }
}
