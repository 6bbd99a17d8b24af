package dev.tgfsm.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which storage backend tgfsm uses ({@code tgfsm.storage.*}).
 */
@ConfigurationProperties("tgfsm.storage")
public class StorageProperties {

    /** The storage type used when neither a property nor a detected backend chooses one. */
    public static final StorageType DEFAULT_TYPE = StorageType.MEMORY;

    /**
     * Backend: "memory", "redis" or "jdbc". Unset: a user-defined FsmStorage bean wins, else Redis
     * when a RedisConnectionFactory bean exists, else JDBC when a DataSource bean exists, else
     * memory (state dies with the process).
     */
    private @Nullable StorageType type;

    /**
     * Returns the backend type.
     *
     * @return the type, or {@code null} to detect it
     */
    public @Nullable StorageType getType() {
        return type;
    }

    /**
     * Sets the backend type.
     *
     * @param type the type, or {@code null} to detect it
     */
    public void setType(@Nullable StorageType type) {
        this.type = type;
    }
}
