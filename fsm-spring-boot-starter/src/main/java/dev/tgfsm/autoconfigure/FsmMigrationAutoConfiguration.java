package dev.tgfsm.autoconfigure;

import java.util.List;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.feature.DataMigration;
import dev.tgfsm.feature.DataMigrations;
import dev.tgfsm.feature.FeatureMigrationJob;
import dev.tgfsm.feature.MigrationReport;
import dev.tgfsm.preferences.PreferencesMove;

/**
 * Collects the application's {@link DataMigration} beans into one {@link DataMigrations} bean,
 * checked at start-up: a gap or a duplicate in a chain of versions fails the start with a message
 * naming the missing step. {@code @FeatureState} managers (and feature managers made for handler
 * parameters) get it, and so do the units of work (the conversations' top-level data and scope
 * data), so that data is upgraded on read and stored in the current version by the next write.
 *
 * <p>Also provides the {@link FeatureMigrationJob} that upgrades every stored record offline (this
 * bot's, or every bot's when none is configured), with {@code tgfsm.migrations.batch-size} records
 * a batch, run in the background at start-up with {@code tgfsm.migrations.run-at-startup=true}. Its
 * progress is logged, counted as {@code tgfsm.migration.records} when a Micrometer registry is there,
 * and heard by every {@code Consumer<MigrationReport>} bean. Also moves the preferences of earlier
 * versions into the user scope at start ({@link PreferencesMoveLifecycle}).
 */
@AutoConfiguration(after = FsmAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@EnableConfigurationProperties({BotProperties.class, MigrationProperties.class})
public final class FsmMigrationAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FeatureMigrationJob.class);

    /** Progress lines at info level every this many batches; every batch at debug level. */
    private static final int INFO_EVERY_BATCHES = 100;

    /**
     * The registered migrations.
     *
     * @param steps the application's migration steps
     * @return the checked chains
     */
    @Bean
    @ConditionalOnMissingBean
    DataMigrations fsmDataMigrations(ObjectProvider<DataMigration> steps) {
        return DataMigrations.of(steps.orderedStream().toList());
    }

    /**
     * The move of the preferences of earlier versions into the user scope, run at start.
     *
     * @param contexts the contexts
     * @return the lifecycle running it
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(FsmContexts.class)
    PreferencesMoveLifecycle fsmPreferencesMove(FsmContexts contexts) {
        return new PreferencesMoveLifecycle(new PreferencesMove(contexts, PreferencesMove.DEFAULT_BATCH_SIZE));
    }

    /**
     * The offline migration of every versioned record.
     *
     * @param contexts the units of work
     * @param migrations the registered migrations
     * @param properties {@code tgfsm.migrations}
     * @param botProperties {@code tgfsm.bot}, for the bot's id
     * @param listeners hear the progress after every batch (the meters, when Micrometer is there)
     * @return the job
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(FsmContexts.class)
    FeatureMigrationJob fsmFeatureMigrationJob(FsmContexts contexts, DataMigrations migrations,
            MigrationProperties properties, BotProperties botProperties,
            ObjectProvider<Consumer<MigrationReport>> listeners) {
        if (properties.getBatchSize() < 1) {
            throw new FsmConfigurationException("tgfsm.migrations.batch-size must be at least 1, was "
                    + properties.getBatchSize() + ".",
                    "Set tgfsm.migrations.batch-size to a positive number, for example "
                            + MigrationProperties.DEFAULT_BATCH_SIZE + ".");
        }
        long bot = FsmPropertiesMapper.botId(botProperties);
        FeatureMigrationJob job = new FeatureMigrationJob(contexts, migrations, properties.getBatchSize(),
                bot == 0 ? null : bot);
        List<Consumer<MigrationReport>> others = listeners.orderedStream().toList();
        int batchSize = properties.getBatchSize();
        job.setProgressListener(report -> {
            long batches = (report.scanned() + batchSize - 1) / batchSize;
            if (!report.complete() && batches % INFO_EVERY_BATCHES == 0 && batches > 0) {
                log.info("Upgrading stored data: {} records looked at, {} upgraded, {} failed", report.scanned(),
                        report.upgraded(), report.failed());
            }
            else {
                log.debug("Upgrading stored data: {}", report);
            }
            others.forEach(listener -> listener.accept(report));
        });
        return job;
    }

    /**
     * Runs the job in the background at start-up.
     *
     * @param job the job
     * @return the lifecycle
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(FeatureMigrationJob.class)
    @ConditionalOnProperty(prefix = "tgfsm.migrations", name = "run-at-startup", havingValue = "true")
    FeatureMigrationLifecycle fsmFeatureMigrationLifecycle(FeatureMigrationJob job) {
        return new FeatureMigrationLifecycle(job);
    }

    /** The job's meters, with Micrometer. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Meters {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(MeterRegistry.class)
        FeatureMigrationMeters fsmFeatureMigrationMeters(MeterRegistry registry) {
            return new FeatureMigrationMeters(registry);
        }
    }
}
