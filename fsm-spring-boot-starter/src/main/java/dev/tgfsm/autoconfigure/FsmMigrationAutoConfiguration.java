package dev.tgfsm.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.feature.DataMigration;
import dev.tgfsm.feature.DataMigrations;
import dev.tgfsm.preferences.PreferencesMove;

/**
 * Collects the application's {@link DataMigration} beans into one {@link DataMigrations} bean,
 * checked at start-up: a gap or a duplicate in a feature's chain of versions fails the start with
 * a message naming the missing step. {@code @FeatureState} managers (and feature managers made for
 * handler parameters) get it, so their data is upgraded on read and stored in the current version by
 * the next write. Also moves the preferences of earlier versions into the user scope at start
 * ({@link PreferencesMoveLifecycle}).
 */
@AutoConfiguration(after = FsmAutoConfiguration.class)
public class FsmMigrationAutoConfiguration {

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
}
