package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import java.util.List;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * Bad configuration stops the application with a {@link FsmConfigurationException} that
 * {@link FsmConfigurationFailureAnalyzer} turns into a description and an action.
 */
@ExtendWith(OutputCaptureExtension.class)
class FsmConfigurationFailureAnalyzerTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class));

    @Test
    void unknownStorageTypeFailsToBindNamingTheProperty() {
        this.runner.withPropertyValues("tgfsm.storage.type=mongo").run((context) -> {
            assertThat(context).hasFailed();
            BindException bind = causeOfType(context.getStartupFailure(), BindException.class);
            assertThat(bind).as("a bind error in %s", context.getStartupFailure()).isNotNull();
            assertThat(bind.getProperty().getName()).hasToString("tgfsm.storage.type");
            assertThat(bind.getProperty().getValue()).isEqualTo("mongo");
        });
    }

    @Test
    void unknownStorageTypeReportListsTheValidOnes(CapturedOutput output) {
        SpringApplication application = new SpringApplication(MinimalApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run("--tgfsm.storage.type=mongo"));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Failed to bind properties under 'tgfsm.storage.type'")
                .contains("The following values are valid:").contains("MEMORY").contains("REDIS").contains("JDBC");
    }

    @Test
    void storageTypeIsReadInAnyCase() {
        for (String type : List.of("memory", "MEMORY", "Memory")) {
            this.runner.withPropertyValues("tgfsm.storage.type=" + type).run((context) -> {
                assertThat(context).hasNotFailed().hasSingleBean(InMemoryFsmStorage.class);
                assertThat(context.getBean(StorageProperties.class).getType()).isEqualTo(StorageType.MEMORY);
            });
        }
    }

    /**
     * A mistake in code (a handler the library refuses) is not reported as a property error: without
     * an action of its own the analysis points at the handler, controller or scene first.
     */
    @Test
    void aCodeErrorsActionNamesTheCodeAndAnActionOfItsOwnIsKept() {
        var analysis = new FsmConfigurationFailureAnalyzer()
                .analyze(new IllegalStateException(new dev.tgfsm.FsmConfigurationException(
                        "Handler Shop.hidden() is private on a proxied bean")));
        assertThat(analysis.getDescription()).contains("Shop.hidden() is private");
        assertThat(analysis.getAction()).startsWith("Change what the description names: the handler method,")
                .contains("in your code");
        var own = new FsmConfigurationFailureAnalyzer()
                .analyze(new dev.tgfsm.FsmConfigurationException("tgfsm.ttl must be positive", "Set tgfsm.ttl to 7d"));
        assertThat(own.getAction()).isEqualTo("Set tgfsm.ttl to 7d");
    }

    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    @Test
    void redisChosenWithoutSpringDataRedisAsksForTheDependency() {
        this.runner.withPropertyValues("tgfsm.storage.type=redis")
                .withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
                .run((context) -> assertFailure(context, "Spring Data Redis is not on the class path",
                        "spring-boot-starter-data-redis"));
    }

    @Test
    void redisChosenWithoutAConnectionFactoryAsksForOne() {
        this.runner.withPropertyValues("tgfsm.storage.type=redis").run((context) -> assertFailure(context,
                "there is no RedisConnectionFactory bean", "spring.data.redis"));
    }

    @Test
    void jdbcChosenWithoutADataSourceAsksForOne() {
        this.runner.withPropertyValues("tgfsm.storage.type=jdbc").run((context) -> assertFailure(context,
                "there is no DataSource bean", "spring.datasource.url"));
    }

    @Test
    void jdbcChosenWithoutSpringJdbcAsksForTheDependency() {
        this.runner.withPropertyValues("tgfsm.storage.type=jdbc")
                .withClassLoader(new FilteredClassLoader(JdbcTemplate.class))
                .withBean(DataSource.class, () -> new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:x"))
                .run((context) -> assertFailure(context, "Spring JDBC is not on the class path",
                        "spring-boot-starter-jdbc"));
    }

    @Test
    void negativeTtlIsRefused() {
        this.runner.withPropertyValues("tgfsm.ttl=-5m")
                .run((context) -> assertFailure(context, "tgfsm.ttl must be positive", "positive duration"));
    }

    @Test
    void zeroTtlIsRefused() {
        this.runner.withPropertyValues("tgfsm.ttl=0s")
                .run((context) -> assertFailure(context, "tgfsm.ttl must be positive", "tgfsm.ttl"));
    }

    @Test
    void historySizeZeroIsRefused() {
        this.runner.withPropertyValues("tgfsm.history.size=0")
                .run((context) -> assertFailure(context, "tgfsm.history.size must be at least 1", "1 or more"));
    }

    @Test
    void malformedBotTokenIsRefusedWithoutEchoingIt() {
        this.runner.withPropertyValues("tgfsm.bot.token=bot123:secret-value!").run((context) -> {
            FailureAnalysis analysis = assertFailure(context, "tgfsm.bot.token is not a Telegram bot token",
                    "BotFather");
            assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("secret-value");
        });
    }

    @Test
    void zeroDispatcherThreadsAreRefused() {
        this.runner.withPropertyValues("tgfsm.dispatcher.threads=0")
                .run((context) -> assertFailure(context, "tgfsm.dispatcher.threads must be at least 1", "1 or more"));
    }

    @Test
    void invalidRedisPrefixIsRefused() {
        this.runner.withPropertyValues("tgfsm.redis.prefix=my{bot}")
                .run((context) -> assertFailure(context, "tgfsm.redis.prefix is invalid", "tgfsm.redis.prefix"));
    }

    @Test
    void startupFailureReportShowsDescriptionAndAction(CapturedOutput output) {
        SpringApplication application = new SpringApplication(MinimalApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run("--tgfsm.history.size=0"));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("tgfsm is misconfigured: tgfsm.history.size must be at least 1, was 0.")
                .contains("Set tgfsm.history.size to 1 or more");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(FsmAutoConfiguration.class)
    static class MinimalApplication {
    }

    private static FailureAnalysis assertFailure(AssertableApplicationContext context, String description,
            String action) {
        assertThat(context).hasFailed();
        assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(FsmConfigurationException.class);
        FailureAnalysis analysis = new FsmConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains(description);
        assertThat(analysis.getAction()).contains(action);
        return analysis;
    }
}
