package dev.tgfsm.feature;

import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.context.DataScope;

/**
 * One step in the schema history of a feature's data: it turns the data stored as
 * {@link #fromVersion()} into the form of {@code fromVersion() + 1}.
 *
 * <p>Steps work on plain JSON values (maps, lists, strings, numbers, booleans), never on the
 * feature's Java type, so a step keeps working after the type has changed again. A step gets a
 * mutable copy of the data without the version entry and returns the new data (the same map or
 * another one):
 *
 * <pre>{@code
 * DataMigration rename = DataMigration.of("profile", 1, data -> {
 *     data.put("fullName", data.remove("name"));
 *     return data;
 * });
 * }</pre>
 *
 * <p>A conversation's top-level data and a scope's data are versioned the same way
 * ({@link #ofConversation}, {@link #ofScope}).
 *
 * <p>Register the steps with {@link DataMigrations#of}; in Spring, declare each step as a bean.
 */
public interface DataMigration {

    /**
     * Returns the feature whose data this step upgrades, or the subject of other versioned data
     * ({@link DataMigrations#CONVERSATION}, {@link DataMigrations#scope}).
     *
     * @return the feature's key, for example {@code "profile"}
     */
    String feature();

    /**
     * Returns the version this step upgrades from; it produces the next version. Data stored
     * before the feature had any step carries no version and counts as version 1.
     *
     * @return the version, at least 1
     */
    int fromVersion();

    /**
     * Upgrades the data by one version.
     *
     * @param data a mutable copy of the stored data, without the version entry
     * @return the data in the next version's form
     */
    Map<String, @Nullable Object> migrate(Map<String, @Nullable Object> data);

    /**
     * Makes a step from a function.
     *
     * @param feature the feature's key
     * @param fromVersion the version it upgrades from, at least 1
     * @param step turns the data into the next version's form
     * @return the step
     */
    static DataMigration of(String feature, int fromVersion, UnaryOperator<Map<String, @Nullable Object>> step) {
        Objects.requireNonNull(step, "step must not be null");
        return new FunctionMigration(feature, fromVersion, step);
    }

    /**
     * Makes a step of a conversation's top-level data (its main record's entries, feature
     * namespaces apart, which have their own versions).
     *
     * @param fromVersion the version it upgrades from, at least 1
     * @param step turns the data into the next version's form
     * @return the step
     */
    static DataMigration ofConversation(int fromVersion, UnaryOperator<Map<String, @Nullable Object>> step) {
        return of(DataMigrations.CONVERSATION, fromVersion, step);
    }

    /**
     * Makes a step of a scope's data (a user's across chats, a chat's across users, the bot's).
     *
     * @param scope the scope
     * @param fromVersion the version it upgrades from, at least 1
     * @param step turns the data into the next version's form
     * @return the step
     */
    static DataMigration ofScope(DataScope scope, int fromVersion, UnaryOperator<Map<String, @Nullable Object>> step) {
        Objects.requireNonNull(scope, "scope must not be null");
        return of(DataMigrations.scope(scope), fromVersion, step);
    }

    /**
     * Makes a step that renames one entry (a renamed record component), leaving the rest as it is.
     *
     * @param feature the feature's key
     * @param fromVersion the version it upgrades from, at least 1
     * @param oldName the entry's name in {@code fromVersion}
     * @param newName its name in the next version
     * @return the step
     */
    static DataMigration renaming(String feature, int fromVersion, String oldName, String newName) {
        Objects.requireNonNull(oldName, "oldName must not be null");
        Objects.requireNonNull(newName, "newName must not be null");
        return of(feature, fromVersion, data -> {
            if (data.containsKey(oldName)) {
                data.put(newName, data.remove(oldName));
            }
            return data;
        });
    }
}
