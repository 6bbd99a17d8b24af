package dev.tgfsm.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.actuator.FsmMetrics;
import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.feature.DataMigration;
import dev.tgfsm.feature.DataMigrations;
import dev.tgfsm.feature.FeatureMigrationJob;
import dev.tgfsm.feature.MigrationReport;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.readme.ReadmeSnippets;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.RecordingTelegramClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's {@link FeatureMigrationJob} bean: there in every application, run only when asked
 * ({@code tgfsm.migrations.run-at-startup}, the README's properties), then in the background after
 * the start, over the conversations' data and the user scopes written by older code, counted by a
 * meter.
 */
class FeatureMigrationJobAutoConfigurationTests {

    private static final int USERS = 10;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class,
                    FsmConversationAutoConfiguration.class, FsmAutoConfiguration.class,
                    FsmMigrationAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory", "tgfsm.bot.id=5")
            .withUserConfiguration(Telegram.class, OldRecords.class, VersionedConversationData.class);

    @Configuration(proxyBeanMethods = false)
    static class Telegram {
        @Bean
        TelegramClient telegramClient() {
            return new RecordingTelegramClient(5, Clock.systemUTC()).client();
        }

        @Bean
        UpdateHandler quiet() {
            return u -> { };
        }
    }

    /** A store holding what the code before the deploy wrote. */
    @Configuration(proxyBeanMethods = false)
    static class OldRecords {
        @Bean
        FsmStorage fsmStorage() {
            InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults());
            for (int i = 0; i < USERS; i++) {
                storage.save(WriteBatch.of(RecordWrite.put(StorageKey.of(5, 100 + i, 100 + i),
                        FsmRecord.of("Form:ASKED", Map.of("name", "User " + i)), 0, null)));
                storage.save(WriteBatch.of(RecordWrite.put(DataScope.userKey(5, 100 + i),
                        FsmRecord.of(null, Map.of("tz", "UTC")), 0, null)));
            }
            return storage;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class VersionedConversationData {
        @Bean
        DataMigration conversationNameBecameFullName() {
            return DataMigration.ofConversation(1, data -> {
                data.put("fullName", data.remove("name"));
                return data;
            });
        }

        @Bean
        DataMigration userTzBecameTimezone() {
            return DataMigration.ofScope(DataScope.USER, 1, data -> {
                data.put("timezone", data.remove("tz"));
                return data;
            });
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Metrics {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void theJobIsABeanAndRunsOnlyWhenAsked() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(FeatureMigrationJob.class);
            assertThat(context).doesNotHaveBean(FeatureMigrationLifecycle.class);
            assertThat(context.getBean(FeatureMigrationJob.class).hasWork()).isTrue();
            assertThat(context.getBean(FeatureMigrationJob.class).batchSize()).isEqualTo(100);
            assertThat(context.getBean(FsmStorage.class).load(StorageKey.of(5, 100, 100)).data())
                    .as("not upgraded until used").isEqualTo(Map.of("name", "User 0"));
        });
    }

    @Test
    void runAtStartupUpgradesEveryRecordInTheBackgroundAndCountsIt() {
        String[] readme = ReadmeSnippets.text("migration-job-properties").strip().split("\n");
        runner.withUserConfiguration(Metrics.class).withPropertyValues(readme)
                .withPropertyValues("tgfsm.migrations.batch-size=3").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(FeatureMigrationJob.class).batchSize()).isEqualTo(3);
                    FeatureMigrationLifecycle lifecycle = context.getBean(FeatureMigrationLifecycle.class);
                    assertThat(lifecycle.await(Duration.ofSeconds(30))).isEqualTo(new MigrationReport(2 * USERS, 2 * USERS, 0, 0, true));
                    FsmStorage storage = context.getBean(FsmStorage.class);
                    for (int i = 0; i < USERS; i++) {
                        assertThat(storage.load(StorageKey.of(5, 100 + i, 100 + i)).data())
                                .isEqualTo(Map.of("fullName", "User " + i, DataMigrations.VERSION_ENTRY, 2));
                        assertThat(storage.load(DataScope.userKey(5, 100 + i)).data())
                                .isEqualTo(Map.of("timezone", "UTC", DataMigrations.VERSION_ENTRY, 2));
                    }
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.get(FsmMetrics.MIGRATION_RECORDS).tag("outcome", "upgraded").counter().count())
                            .isEqualTo(2.0 * USERS);
                    assertThat(meters.get(FsmMetrics.MIGRATION_RECORDS).tag("outcome", "failed").counter().count())
                            .isZero();
                });
    }

    @Test
    void theReadmesVersionedDataIsTheOneThisTestRuns() throws Exception {
        String source = Files.readString(Path.of("src", "test", "java", "dev", "tgfsm",
                "autoconfigure", "FeatureMigrationJobAutoConfigurationTests.java"));
        assertThat(ReadmeSnippets.normalized(source))
                .contains(ReadmeSnippets.normalized(ReadmeSnippets.text("versioned-conversation-data")));
    }
}
