package dev.tgfsm.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;

import dev.tgfsm.codec.FsmCodec;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.StorageSettings;

/**
 * Reads records from result sets and encodes them for writing: the JSON columns through the codec,
 * times as epoch milliseconds, the size limit checked before anything is written.
 */
final class JdbcRecords {

    private final StorageSettings settings;

    private final FsmCodec codec;

    JdbcRecords(StorageSettings settings) {
        this.settings = settings;
        this.codec = settings.codec();
    }

    long now() {
        return settings.clock().millis();
    }

    static Long expiry(long now, Duration ttl) {
        return ttl == null ? null : now + ttl.toMillis();
    }

    /**
     * Reads the row at the cursor (columns as {@code JdbcSql} selects them); a row whose JSON
     * cannot be decoded raises {@link dev.tgfsm.storage.CorruptRecordException} naming its key.
     */
    FsmRecord read(ResultSet rs) throws SQLException {
        String key = rs.getString(1);
        return new FsmRecord(rs.getString(2), codec.decode(rs.getString(3), key), codec.decode(rs.getString(4), key),
                rs.getLong(5), Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)));
    }

    /**
     * Encodes a record to be written, checking its size.
     */
    Encoded encode(String key, FsmRecord record) {
        String data = codec.encode(record.data());
        String meta = codec.encode(record.meta());
        settings.checkSize(key, utf8Length(data) + utf8Length(meta));
        return new Encoded(key, record.state(), data, meta);
    }

    private static long utf8Length(String text) {
        int ascii = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return text.getBytes(StandardCharsets.UTF_8).length;
            }
            ascii++;
        }
        return ascii;
    }

    static void setNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        }
        else {
            ps.setLong(index, value);
        }
    }

    /**
     * A record ready to be written.
     *
     * @param key the canonical key
     * @param state the state or {@code null}
     * @param data the data as JSON
     * @param meta the metadata as JSON
     */
    record Encoded(String key, String state, String data, String meta) {
    }
}
