package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * tgfsm's creation of its tables is one of Spring Boot's database initializers: an application bean
 * marked {@code @DependsOnDatabaseInitialization}, though it is created before any of tgfsm's beans
 * (user configuration comes first), finds the tables.
 */
class JdbcSchemaStartupTests {

    @Test
    void anApplicationBeanThatDependsOnDatabaseInitializationFindsTgfsmsTables() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FsmAutoConfiguration.class))
                .withUserConfiguration(ApplicationBeans.class)
                .withPropertyValues(
                        "spring.datasource.url=jdbc:h2:mem:startup-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RecordsAtStartUp.class).count()).isZero();
                    assertThat(context.getBeanFactory().getBeanDefinition("recordsAtStartUp").getDependsOn())
                            .contains("fsmJdbcSchemaStartup");
                });
    }

    /**
     * What the application's bean saw.
     *
     * @param count the rows of {@code tgfsm_records} when it was created
     */
    record RecordsAtStartUp(int count) {
    }

    @Configuration(proxyBeanMethods = false)
    static class ApplicationBeans {

        @Bean
        @DependsOnDatabaseInitialization
        RecordsAtStartUp recordsAtStartUp(DataSource dataSource) {
            return new RecordsAtStartUp(
                    new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM tgfsm_records",
                            Integer.class));
        }
    }
}
