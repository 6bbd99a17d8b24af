package dev.tgfsm.feature;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmException;
import dev.tgfsm.key.StorageKey;

/**
 * A feature's stored data could not be brought to the version this code knows: it was written by a
 * newer version of the application (a rolled-back deploy), its version entry is not a version, or
 * a migration step failed. The stored record is never changed or deleted for it: the unit of work
 * that met it commits nothing, and the data reads again once code that knows its version runs.
 */
public class DataMigrationException extends FsmException {

    private static final long serialVersionUID = 1L;

    /** The record's key. */
    private final transient StorageKey key;

    /** The feature. */
    private final String feature;

    /** The stored version, {@code null} when not a version. */
    private final @Nullable Integer storedVersion;

    /** The newest version the code knows. */
    private final int knownVersion;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param key the record's key
     * @param feature the feature
     * @param storedVersion the stored version, or {@code null} when it is not a version
     * @param knownVersion the newest version this code knows
     * @param cause the failure of a migration step, or {@code null}
     */
    public DataMigrationException(String message, StorageKey key, String feature, @Nullable Integer storedVersion,
            int knownVersion, @Nullable Throwable cause) {
        super(message, cause);
        this.key = key;
        this.feature = feature;
        this.storedVersion = storedVersion;
        this.knownVersion = knownVersion;
    }

    /**
     * Returns the key of the record holding the data.
     *
     * @return the key
     */
    public StorageKey key() {
        return key;
    }

    /**
     * Returns the feature.
     *
     * @return the feature's key
     */
    public String feature() {
        return feature;
    }

    /**
     * Returns the version the data was stored as.
     *
     * @return the version, or {@code null} when the stored version entry is not a version
     */
    public @Nullable Integer storedVersion() {
        return storedVersion;
    }

    /**
     * Returns the newest version this code knows.
     *
     * @return the version
     */
    public int knownVersion() {
        return knownVersion;
    }
}
