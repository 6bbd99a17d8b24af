package dev.tgfsm.context;

import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;

/**
 * The schema versions of versioned data, seen from the unit of work: it brings data stored in an
 * older version to the current one when it is read, and marks what is written with the current
 * version. Besides feature namespaces, two kinds of data can be versioned: the top-level data of a
 * conversation ({@link #CONVERSATION}) and the data of a {@link DataScope} ({@link #subjectOf}).
 * {@code DataMigrations} (in {@code dev.tgfsm.feature}) is the implementation; pass it with
 * {@link ContextConfig#withDataVersions}.
 *
 * <p>The version is kept in the entry {@value #VERSION_ENTRY} of the stored data, written only once
 * the data has a version above 1; data without it is version 1.
 *
 * <p>Most applications use {@code DataMigrations}; implement this interface only to bring a
 * different migration mechanism. Implementations must be thread-safe and must not change {@code stored}.
 */
public interface DataVersions {

    /** The entry of stored data that holds its version. */
    String VERSION_ENTRY = "@version";

    /** The subject of a conversation's top-level data (its main record, feature namespaces apart). */
    String CONVERSATION = "@conversation";

    /** Versions that know no step: every subject is at version 1. */
    DataVersions NONE = new DataVersions() {

        @Override
        public int currentVersion(String subject) {
            return 1;
        }

        @Override
        public Map<String, @Nullable Object> upgrade(StorageKey key, String subject,
                Map<String, @Nullable Object> stored) {
            return stored;
        }
    };

    /**
     * Returns the subject naming a scope's data, for example {@code "@scope:user"}.
     *
     * @param scope the scope
     * @return the subject
     */
    static String subjectOf(DataScope scope) {
        return "@scope:" + scope.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns a subject's current version: the version its data is written as.
     *
     * @param subject a feature, {@link #CONVERSATION} or a scope's subject
     * @return the version, 1 for a subject without steps
     */
    int currentVersion(String subject);

    /**
     * Brings stored data to the current version.
     *
     * @param key the record's key, named in errors
     * @param subject what the data is
     * @param stored the stored data, version entry included; not changed
     * @return the data in the current version's form, without the version entry ({@code stored}
     *         itself when nothing was to be done)
     * @throws RuntimeException ({@code DataMigrationException}) if the stored version is newer than the
     *         current one or not a version, or a step failed
     */
    Map<String, @Nullable Object> upgrade(StorageKey key, String subject, Map<String, @Nullable Object> stored);
}
