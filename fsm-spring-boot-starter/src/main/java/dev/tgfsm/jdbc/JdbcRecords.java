package dev.tgfsm.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.codec.FsmCodec;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.StorageConfig;

/**
 * Reads records from result sets and encodes them for writing: the JSON columns through the codec,
 * times as epoch milliseconds, the size limit checked before anything is written.
 */
final class JdbcRecords {

    private final StorageConfig settings;

    private final FsmCodec codec;

    JdbcRecords(StorageConfig settings) {
        this.settings = settings;
        this.codec = settings.codec();
    }

    long now() {
        return settings.clock().millis();
    }

    static @Nullable Long expiry(long now, @Nullable Duration ttl) {
        return ttl == null ? null : now + ttl.toMillis();
    }

    /**
     * Reads the row at the cursor (columns as {@code JdbcSql} selects them). A row whose JSON cannot
     * be decoded, or whose number columns hold what no write stores (text, a fraction, a version
     * below 1: possible on SQLite, which keeps any value in any column), raises
     * {@link CorruptRecordException} naming its key and carrying the raw row.
     */
    FsmRecord read(ResultSet rs) throws SQLException {
        String key = rs.getString(1);
        try {
            long version = version(rs, 5, key);
            long created = number(rs, 6, key, "created_at", false);
            long updated = number(rs, 7, key, "updated_at", false);
            number(rs, 8, key, "expires_at", true);
            return new FsmRecord(rs.getString(2), codec.decode(rs.getString(3), key),
                    codec.decode(rs.getString(4), key), version, Instant.ofEpochMilli(created),
                    Instant.ofEpochMilli(updated));
        }
        catch (CorruptRecordException ex) {
            throw ex.withRaw(raw(rs));
        }
    }

    /**
     * Reads a version column: an integer of at least 1, as every write stores.
     */
    static long version(ResultSet rs, int column, String key) throws SQLException {
        long version = number(rs, column, key, "version", false);
        if (version < 1) {
            throw new CorruptRecordException(key, "column 'version' holds " + version + ", below 1", null);
        }
        return version;
    }

    /**
     * Reads an integer column strictly: a driver's lenient conversion would read text as 0.
     *
     * @return the value, or {@link Long#MIN_VALUE} for an allowed {@code NULL}
     */
    static long number(ResultSet rs, int column, String key, String name, boolean nullable) throws SQLException {
        Object value = rs.getObject(column);
        if (value == null) {
            if (nullable) {
                return Long.MIN_VALUE;
            }
            throw new CorruptRecordException(key, "column '" + name + "' is NULL", null);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big && big.bitLength() < 64) {
            return big.longValue();
        }
        if (value instanceof BigDecimal decimal) {
            try {
                return decimal.longValueExact();
            }
            catch (ArithmeticException ex) {
                throw new CorruptRecordException(key, "column '" + name + "' is not an integer: " + decimal, ex);
            }
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
                return (long) d;
            }
        }
        String shown = String.valueOf(value);
        throw new CorruptRecordException(key, "column '" + name + "' is not an integer: "
                + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown) + " ("
                + value.getClass().getSimpleName() + ")",
                null);
    }

    /** The row as {@code column=value} pairs, for the log of a row that cannot be decoded. */
    private static String raw(ResultSet rs) {
        StringBuilder sb = new StringBuilder("{");
        try {
            int columns = rs.getMetaData().getColumnCount();
            for (int i = 1; i <= columns; i++) {
                sb.append(i == 1 ? "" : ", ").append(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT))
                        .append('=').append(rs.getObject(i));
            }
        }
        catch (SQLException | RuntimeException ex) {
            sb.append("(row not readable: ").append(ex).append(')');
        }
        return sb.append('}').toString();
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

    static void setNullableLong(PreparedStatement ps, int index, @Nullable Long value) throws SQLException {
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
    record Encoded(String key, @Nullable String state, @Nullable String data, @Nullable String meta) {
    }
}
