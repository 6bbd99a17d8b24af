/**
 * Feature namespaces: each feature keeps its data under its own key of the conversation data,
 * versioned by {@link DataMigration} steps that upgrade old data on read and, for
 * a whole namespace, in the {@link FeatureMigrationJob}.
 */
@NullMarked
package dev.tgfsm.feature;

import org.jspecify.annotations.NullMarked;
