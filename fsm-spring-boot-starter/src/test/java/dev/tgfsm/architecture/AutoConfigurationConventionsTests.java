package dev.tgfsm.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.MergedAnnotations;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;

/**
 * The starter's auto-configurations follow Spring Boot's own conventions: each is {@code final}; each
 * orders itself against tgfsm's other auto-configurations by class ({@code after = X.class}), naming by
 * string only classes of optional libraries; every bean it (or a configuration it imports or nests)
 * defines backs off when the application defines its own ({@code @ConditionalOnMissingBean}); and
 * every properties class it enables is bound under {@code tgfsm}.
 */
class AutoConfigurationConventionsTests {

    private static final List<Class<?>> AUTO_CONFIGURATIONS = autoConfigurations();

    @Test
    void theStarterRegistersItsAutoConfigurations() {
        assertThat(AUTO_CONFIGURATIONS).contains(FsmAutoConfiguration.class).hasSizeGreaterThan(10);
    }

    @Test
    void everyAutoConfigurationIsFinal() {
        assertThat(AUTO_CONFIGURATIONS).allSatisfy((type) -> assertThat(Modifier.isFinal(type.getModifiers()))
                .as("%s is final", type.getName()).isTrue());
    }

    @Test
    void tgfsmsOwnAutoConfigurationsAreOrderedByClassNotByName() {
        List<String> byName = new ArrayList<>();
        for (Class<?> type : AUTO_CONFIGURATIONS) {
            AutoConfiguration annotation = type.getAnnotation(AutoConfiguration.class);
            assertThat(annotation).as("%s is an @AutoConfiguration", type.getName()).isNotNull();
            for (String name : concat(annotation.afterName(), annotation.beforeName())) {
                if (name.startsWith("dev.tgfsm.")) {
                    byName.add(type.getSimpleName() + " -> " + name);
                }
            }
        }
        assertThat(byName).as("orderings among tgfsm's auto-configurations named by string").isEmpty();
    }

    @Test
    void everyBeanBacksOffWhenTheApplicationDefinesItsOwn() {
        List<String> unconditional = new ArrayList<>();
        int beans = 0;
        for (Class<?> configuration : configurationClasses()) {
            for (Method method : configuration.getDeclaredMethods()) {
                MergedAnnotations annotations = MergedAnnotations.from(method);
                if (!annotations.isPresent(Bean.class)) {
                    continue;
                }
                beans++;
                if (!annotations.isPresent(ConditionalOnMissingBean.class)) {
                    unconditional.add(configuration.getName() + "." + method.getName());
                }
            }
        }
        assertThat(beans).as("@Bean methods found").isGreaterThan(50);
        assertThat(unconditional).as("@Bean methods without @ConditionalOnMissingBean").isEmpty();
    }

    @Test
    void everyEnabledPropertiesClassIsBoundUnderTgfsm() {
        List<String> outside = new ArrayList<>();
        for (Class<?> configuration : configurationClasses()) {
            EnableConfigurationProperties enable = configuration.getAnnotation(EnableConfigurationProperties.class);
            if (enable == null) {
                continue;
            }
            for (Class<?> properties : enable.value()) {
                ConfigurationProperties annotation = properties.getAnnotation(ConfigurationProperties.class);
                String prefix = annotation == null ? ""
                        : annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
                if (!prefix.equals("tgfsm") && !prefix.startsWith("tgfsm.")) {
                    outside.add(properties.getName() + " (" + prefix + ")");
                }
            }
        }
        assertThat(outside).isEmpty();
    }

    /** The auto-configurations, the configurations they import, and those nested in any of them. */
    private static Set<Class<?>> configurationClasses() {
        Set<Class<?>> all = new LinkedHashSet<>();
        List<Class<?>> pending = new ArrayList<>(AUTO_CONFIGURATIONS);
        while (!pending.isEmpty()) {
            Class<?> type = pending.remove(0);
            if (!type.getName().startsWith("dev.tgfsm.") || !all.add(type)) {
                continue;
            }
            Import imports = type.getAnnotation(Import.class);
            if (imports != null) {
                pending.addAll(Arrays.asList(imports.value()));
            }
            for (Class<?> nested : type.getDeclaredClasses()) {
                if (MergedAnnotations.from(nested).isPresent(Configuration.class)) {
                    pending.add(nested);
                }
            }
        }
        return all;
    }

    private static List<Class<?>> autoConfigurations() {
        ClassLoader loader = AutoConfigurationConventionsTests.class.getClassLoader();
        List<Class<?>> types = new ArrayList<>();
        for (String name : ImportCandidates.load(AutoConfiguration.class, loader)) {
            if (!name.startsWith("dev.tgfsm.")) {
                continue;
            }
            try {
                types.add(Class.forName(name, false, loader));
            }
            catch (ClassNotFoundException ex) {
                throw new AssertionError(name + " is registered but missing", ex);
            }
        }
        return types;
    }

    private static List<String> concat(String[] first, String[] second) {
        List<String> all = new ArrayList<>(Arrays.asList(first));
        all.addAll(Arrays.asList(second));
        return all;
    }
}
