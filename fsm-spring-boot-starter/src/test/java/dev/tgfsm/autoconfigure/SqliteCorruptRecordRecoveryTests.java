package dev.tgfsm.autoconfigure;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;

/**
 * Corrupt records on a SQLite file, which keeps any value in any column: besides invalid JSON, text
 * and fractions in the number columns are reported as corrupt (not read as 0) and recovered.
 */
class SqliteCorruptRecordRecoveryTests extends CorruptRecordRecoveryContract {

    @TempDir
    static Path dir;

    private final String prefix = "cr_" + UUID.randomUUID().toString().substring(0, 8) + "_";

    @Override
    protected ApplicationContextRunner backend() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:sqlite:" + dir.resolve("corrupt.db"),
                        "tgfsm.storage.type=jdbc", "tgfsm.jdbc.initialize-schema=always",
                        "tgfsm.jdbc.table-prefix=" + prefix);
    }

    @Override
    protected List<String> otherKinds() {
        return List.of("text-version", "fraction-version", "zero-version", "text-created", "text-updated",
                "text-expires");
    }

    @Override
    protected void plant(ApplicationContext context, StorageKey key, String kind) {
        plantRow(context, prefix, key, kind);
    }

    /** Replaces a record's row with a corrupt one; shared with the PostgreSQL variant. */
    static void plantRow(ApplicationContext context, String prefix, StorageKey key, String kind) {
        JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
        String canonical = new KeyRenderer("").canonical(key);
        long now = System.currentTimeMillis();
        Object version = 3L;
        Object created = now;
        Object updated = now;
        Object expires = null;
        String data = "{\"n\": 1}";
        switch (kind) {
            case "invalid-json" -> data = "{\"a\": 1, oops";
            case "huge-invalid-json" -> data = "{\"a\": \"" + "x".repeat(20_000) + "\", oops";
            case "text-version" -> version = "abc";
            case "fraction-version" -> version = 2.5;
            case "zero-version" -> version = 0L;
            case "negative-version" -> version = -3L;
            case "text-created" -> created = "yesterday";
            case "text-updated" -> updated = "today";
            case "text-expires" -> expires = "never";
            default -> throw new IllegalArgumentException(kind);
        }
        jdbc.update("DELETE FROM " + prefix + "records WHERE record_key = ?", canonical);
        jdbc.update("INSERT INTO " + prefix + "records (record_key, state, data, meta, version, created_at, updated_at,"
                + " expires_at) VALUES (?, 'started', ?, '{}', ?, ?, ?, ?)", canonical, data, version, created, updated,
                expires);
    }
}
