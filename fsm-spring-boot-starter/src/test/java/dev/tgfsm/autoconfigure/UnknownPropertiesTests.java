package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.mock.env.MockEnvironment;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.storage.FsmStorage;

/**
 * A {@code tgfsm.*} key no setting reads (a typo) is reported at start-up: a warning by default, a
 * failure with {@code tgfsm.unknown-properties=fail}, nothing with {@code ignore}; every documented
 * key is known.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnknownPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class));

    @Test
    void aMisspelledKeyIsNamedInAWarningAndTheApplicationStarts(CapturedOutput output) {
        runner.withPropertyValues("tgfsm.storage.typ=memory", "tgfsm.storage.type=memory", "tgfsm.ttl=7d")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output).contains("No tgfsm setting reads tgfsm.storage.typ", "no effect",
                            "tgfsm.unknown-properties=fail makes it stop start-up")
                            .doesNotContain("reads tgfsm.storage.type").doesNotContain("tgfsm.ttl ");
                });
    }

    @Test
    void withFailTheStartUpStopsNamingEveryUnknownKeyBeforeAnyStorageIsMade() {
        runner.withPropertyValues("tgfsm.unknown-properties=fail", "tgfsm.storage.typ=memory",
                "tgfsm.bots[0].tokn=1:x", "tgfsm.escapes.cancel.enabled=false").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).isInstanceOf(FsmConfigurationException.class)
                            .hasMessage("No tgfsm setting reads tgfsm.bots[0].tokn (from \"tgfsm.bots[0].tokn\" from "
                                    + "property source \"test\"), tgfsm.storage.typ (from \"tgfsm.storage.typ\" from "
                                    + "property source \"test\"); they have no effect");
                    assertThat(((FsmConfigurationException) context.getStartupFailure()).action())
                            .contains("Correct the spelling", "tgfsm.unknown-properties=ignore");
                });
        runner.withPropertyValues("tgfsm.unknown-properties=fail", "tgfsm.storage.type=memory",
                "tgfsm.bots[0].token=1:x", "tgfsm.timeout.states.[booking:]=10m", "tgfsm.states.aliases.old=new",
                // the switches that conditions read
                "tgfsm.rate-limit.enabled=false", "tgfsm.garbage.enabled=true", "tgfsm.restart-notice.enabled=false",
                "tgfsm.albums.enabled=false", "tgfsm.timeout.enabled=true", "tgfsm.outage.notice-enabled=true",
                "tgfsm.bot.polling.enabled=false", "tgfsm.bot.webhook.enabled=false", "tgfsm.bot.flood.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(FsmStorage.class));
    }

    /** An empty value ({@code ${IDLE:}} with the variable unset) binds to nothing but its key is still known. */
    @Test
    void aKeyWithAnEmptyValueIsKnown() {
        runner.withPropertyValues("tgfsm.unknown-properties=fail", "tgfsm.timeout.idle=", "tgfsm.bot.webhook.enabled=",
                "tgfsm.garbage.old-messages=", "tgfsm.timeout.batch-size=")
                .run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("tgfsm.unknown-properties=fail", "tgfsm.timeout.idle=", "tgfsm.timeout.idel=")
                .run(context -> assertThat(context.getStartupFailure()).isInstanceOf(FsmConfigurationException.class)
                        .hasMessageStartingWith("No tgfsm setting reads tgfsm.timeout.idel (from"));
    }

    @Test
    void withIgnoreNothingIsSaid(CapturedOutput output) {
        runner.withPropertyValues("tgfsm.unknown-properties=ignore", "tgfsm.storage.typ=memory")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).doesNotContain("No tgfsm setting reads");
    }

    @Test
    void environmentVariablesAreNotChecked() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("TGFSM_TEST_REDIS_URL", "x")));
        assertThat(UnknownProperties.find(environment)).isEmpty();
    }

    /** Tells whether a metadata type such as {@code java.util.List<dev.tgfsm.context.DataScope>} lists enum constants. */
    private static boolean listOfEnums(String type) throws ClassNotFoundException {
        return Class.forName(type.substring("java.util.List<".length(), type.length() - 1)).isEnum();
    }

    /** Every property of the configuration metadata is read by the check's classes, whatever its value. */
    @Test
    @SuppressWarnings("unchecked")
    void everyDocumentedPropertyIsKnown() throws Exception {
        MockEnvironment environment = new MockEnvironment();
        List<String> names = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            Map<String, Object> metadata = new ObjectMapper().readValue(in, Map.class);
            for (Map<String, Object> property : (List<Map<String, Object>>) metadata.get("properties")) {
                String name = (String) property.get("name");
                String type = String.valueOf(property.get("type"));
                String key = type.startsWith("java.util.Map") ? name + ".some-key"
                        : type.startsWith("java.util.List<dev") && !listOfEnums(type) ? name + "[0].name" : name;
                environment.setProperty(key, "1");
                names.add(name);
            }
        }
        assertThat(names).hasSizeGreaterThan(100).contains("tgfsm.unknown-properties");
        assertThat(UnknownProperties.find(environment)).isEmpty();
    }

    /** The check knows every {@code @ConfigurationProperties} class of tgfsm, so a new one cannot be forgotten. */
    @Test
    void theCheckBindsEveryTgfsmPropertiesClass() throws Exception {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> found = new ArrayList<>();
        for (var candidate : scanner.findCandidateComponents("dev.tgfsm")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            boolean main = !type.getProtectionDomain().getCodeSource().getLocation().toString()
                    .contains("test-classes");
            if (prefix.startsWith("tgfsm") && main) {
                found.add(type);
            }
        }
        assertThat(UnknownProperties.PROPERTIES).containsExactlyInAnyOrderElementsOf(found);
    }
}
