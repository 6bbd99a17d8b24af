package dev.tgfsm.feature;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.DataVersions;
import dev.tgfsm.key.StorageKey;

/**
 * The registered {@link DataMigration} steps of every feature, checked to form one unbroken chain
 * per feature from version 1 up. A feature's current version is one more than its last step's
 * {@linkplain DataMigration#fromVersion from-version} (1 for a feature without steps).
 *
 * <p>Feature data carries its version in the entry {@value #VERSION_ENTRY} of its namespace, written
 * only once the feature has a version above 1; data without it is version 1, so records written
 * before a feature had migrations stay readable. Reading upgrades old data step by step in memory;
 * the upgraded form is stored by the next write of the feature (the unit of work's normal commit).
 *
 * <p>Besides features, steps may version a conversation's top-level data ({@link #CONVERSATION},
 * {@link DataMigration#ofConversation}) and the data of a {@link DataScope}
 * ({@link #scope(DataScope)}, {@link DataMigration#ofScope}); the unit of work applies them when
 * the registry is passed as the contexts' {@linkplain ContextConfig#withDataVersions
 * data versions} (the starter does it).
 */
public final class DataMigrations implements DataVersions {

    /** The entry of a feature's namespace that holds its data's version. */
    public static final String VERSION_ENTRY = DataVersions.VERSION_ENTRY;

    private static final DataMigrations NONE = new DataMigrations(Map.of());

    private final Map<String, List<DataMigration>> chains;

    private DataMigrations(Map<String, List<DataMigration>> chains) {
        this.chains = chains;
    }

    /**
     * Returns a registry without steps: every feature is at version 1.
     *
     * @return the empty registry
     */
    public static DataMigrations none() {
        return NONE;
    }

    /**
     * Registers steps, checking that each feature's steps start at version 1 and leave no gap and no
     * version twice.
     *
     * @param migrations the steps, in any order
     * @return the registry
     * @throws FsmConfigurationException for a gap, a duplicate, or a chain not starting at 1
     */
    public static DataMigrations of(Collection<? extends DataMigration> migrations) {
        Map<String, TreeMap<Integer, DataMigration>> byFeature = new TreeMap<>();
        for (DataMigration step : migrations) {
            Objects.requireNonNull(step, "a migration must not be null");
            String feature = Objects.requireNonNull(step.feature(), "a migration's feature must not be null");
            DataMigration twin = byFeature.computeIfAbsent(feature, f -> new TreeMap<>()).put(step.fromVersion(), step);
            if (twin != null) {
                throw new FsmConfigurationException("Feature '" + feature + "' has two migrations from version "
                        + step.fromVersion() + ": " + twin + " and " + step, "keep one of them");
            }
        }
        Map<String, List<DataMigration>> chains = new LinkedHashMap<>();
        byFeature.forEach((feature, steps) -> {
            int expected = 1;
            for (DataMigration step : steps.values()) {
                if (step.fromVersion() != expected) {
                    throw new FsmConfigurationException("Feature '" + feature + "' has no migration from version "
                            + expected + " to " + (expected + 1) + " but one from " + step.fromVersion()
                            + " (" + step + "): data of version " + expected + " could not be read",
                            "add a DataMigration of '" + feature + "' from version " + expected);
                }
                expected++;
            }
            chains.put(feature, List.copyOf(steps.values()));
        });
        return chains.isEmpty() ? NONE : new DataMigrations(Map.copyOf(chains));
    }

    /**
     * Returns the subject under which a scope's data is versioned: the "feature" of its steps.
     *
     * @param scope the scope
     * @return the subject, for example {@code "@scope:user"}
     */
    public static String scope(DataScope scope) {
        return DataVersions.subjectOf(scope);
    }

    /**
     * Returns the features that have steps.
     *
     * @return the features
     */
    public Set<String> features() {
        return chains.keySet();
    }

    /**
     * Returns a feature's current version: the version its data is written as.
     *
     * @param feature the feature's key
     * @return the version, 1 for a feature without steps
     */
    @Override
    public int currentVersion(String feature) {
        return chains.getOrDefault(feature, List.of()).size() + 1;
    }

    /**
     * Tells whether data stored for a feature is older than its current version.
     *
     * @param key the record's key, named in the error
     * @param feature the feature's key
     * @param stored the feature's stored namespace
     * @return {@code true} if reading it runs migration steps
     * @throws DataMigrationException if the stored version is newer than the current one or not a version
     */
    public boolean isOld(StorageKey key, String feature, Map<String, ?> stored) {
        return checkedVersion(key, feature, stored) < currentVersion(feature);
    }

    /**
     * Brings a feature's stored data to the current version.
     *
     * @param key the record's key, named in errors
     * @param feature the feature's key
     * @param stored the feature's stored namespace, version entry included; not changed
     * @return the data in the current version's form, without the version entry (a new map when
     *         anything was changed, else {@code stored} itself)
     * @throws DataMigrationException if the stored version is newer than the current one or not a
     *         version, or a step failed; nothing is changed then
     */
    @Override
    public Map<String, @Nullable Object> upgrade(StorageKey key, String feature, Map<String, @Nullable Object> stored) {
        int version = checkedVersion(key, feature, stored);
        if (version == currentVersion(feature) && !stored.containsKey(VERSION_ENTRY)) {
            return stored;
        }
        Map<String, @Nullable Object> data = new LinkedHashMap<>(stored);
        data.remove(VERSION_ENTRY);
        List<DataMigration> chain = chains.getOrDefault(feature, List.of());
        for (DataMigration step : chain.subList(version - 1, chain.size())) {
            try {
                data = Objects.requireNonNull(step.migrate(data), "the step returned null");
                data = new LinkedHashMap<>(data);
                data.remove(VERSION_ENTRY);
            }
            catch (RuntimeException ex) {
                throw new DataMigrationException("Migrating " + describe(feature) + " of " + key + " from version "
                        + step.fromVersion() + " failed (" + ex + "); the stored data is kept as it is", key, feature,
                        version, currentVersion(feature), ex);
            }
        }
        return data;
    }

    /**
     * Returns the data to store for a feature: the given data with the current version entry.
     *
     * @param feature the feature's key
     * @param data the data in the current version's form
     * @return a new map, with the version entry when the current version is above 1
     */
    public Map<String, @Nullable Object> stamp(String feature, Map<String, ?> data) {
        Map<String, @Nullable Object> stamped = new LinkedHashMap<>(data);
        stamped.remove(VERSION_ENTRY);
        int version = currentVersion(feature);
        if (version > 1) {
            stamped.put(VERSION_ENTRY, version);
        }
        return stamped;
    }

    private int checkedVersion(StorageKey key, String feature, Map<String, ?> stored) {
        Object entry = stored.get(VERSION_ENTRY);
        int known = currentVersion(feature);
        if (entry == null) {
            return 1;
        }
        Integer version = entry instanceof Integer || entry instanceof Long || entry instanceof Short
                || entry instanceof BigInteger ? Integer.valueOf(((Number) entry).intValue()) : null;
        if (version == null || version < 1 || !new BigInteger(entry.toString()).equals(BigInteger.valueOf(version))) {
            throw new DataMigrationException(capitalised(describe(feature)) + " of " + key + " has the version entry "
                    + VERSION_ENTRY + "=" + entry + ", which is not a version; the stored data is kept as it is", key,
                    feature, null, known, null);
        }
        if (version > known) {
            throw new DataMigrationException(capitalised(describe(feature)) + " of " + key + " was stored as version "
                    + version + ", but this code knows versions up to " + known + " (a rolled-back deploy?); the"
                    + " stored data is kept as it is: run code that knows version " + version, key, feature, version,
                    known, null);
        }
        return version;
    }

    /** Names what a subject's data is, for messages: a feature, a conversation's data or a scope's. */
    private static String describe(String subject) {
        if (subject.equals(CONVERSATION)) {
            return "the conversation's data";
        }
        for (DataScope scope : DataScope.values()) {
            if (subject.equals(DataVersions.subjectOf(scope))) {
                return "the " + scope.name().toLowerCase(Locale.ROOT) + " scope's data";
            }
        }
        return "feature '" + subject + "'";
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        chains.forEach((f, c) -> parts.add(f + "@" + (c.size() + 1)));
        parts.sort(Comparator.naturalOrder());
        return "DataMigrations" + parts;
    }
}
