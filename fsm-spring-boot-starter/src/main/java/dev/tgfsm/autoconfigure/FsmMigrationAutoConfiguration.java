package dev.tgfsm.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.tgfsm.feature.DataMigration;
import dev.tgfsm.feature.DataMigrations;

/**
 * Collects the application's {@link DataMigration} beans into one {@link DataMigrations} bean,
 * checked at start-up: a gap or a duplicate in a feature's chain of versions fails the start with
 * a message naming the missing step. {@code @FeatureState} managers (and feature managers made for
 * handler parameters) get it, so their data is upgraded on read and stored in the current version by
 * the next write.
 */
@AutoConfiguration
public final class FsmMigrationAutoConfiguration {

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
}
