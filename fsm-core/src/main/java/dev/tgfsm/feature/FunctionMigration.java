package dev.tgfsm.feature;

import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * A {@link DataMigration} made from a function.
 */
record FunctionMigration(String feature, int fromVersion, UnaryOperator<Map<String, @Nullable Object>> step)
        implements
            DataMigration {

    FunctionMigration {
        Objects.requireNonNull(feature, "feature must not be null");
        if (feature.isBlank()) {
            throw new IllegalArgumentException("feature must not be blank");
        }
        if (fromVersion < 1) {
            throw new IllegalArgumentException("fromVersion must be at least 1, was " + fromVersion);
        }
    }

    @Override
    public Map<String, @Nullable Object> migrate(Map<String, @Nullable Object> data) {
        return step.apply(data);
    }

    @Override
    public String toString() {
        return "DataMigration[" + feature + " " + fromVersion + " -> " + (fromVersion + 1) + "]";
    }
}
