package dev.tgfsm.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.codec.FsmCodec;
import dev.tgfsm.codec.JacksonFsmCodec;

/**
 * What every backend needs besides its connection: the time source, the JSON codec, the default
 * time to live of records and the size limit of one record.
 *
 * @param clock decides when records expire and stamps their timestamps
 * @param codec encodes data and metadata
 * @param defaultTtl the time to live of records written by the convenience methods, or {@code null}
 * @param maxRecordBytes the largest encoded record (data plus metadata, in UTF-8 bytes) a write may
 *        store; a larger one fails with {@link RecordTooLargeException} and writes nothing
 */
public record StorageConfig(Clock clock, FsmCodec codec, @Nullable Duration defaultTtl, int maxRecordBytes) {

    /** The default limit of one encoded record: 256 KiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 256 * 1024;

    /**
     * Validates the settings.
     *
     * @param clock the time source, not {@code null}
     * @param codec the JSON codec, not {@code null}
     * @param defaultTtl the default time to live, positive, or {@code null} for none
     * @param maxRecordBytes the largest encoded record in UTF-8 bytes, positive
     */
    public StorageConfig {
        Objects.requireNonNull(clock, "clock must not be null");
        Objects.requireNonNull(codec, "codec must not be null");
        if (defaultTtl != null && (defaultTtl.isNegative() || defaultTtl.isZero())) {
            throw new IllegalArgumentException("defaultTtl must be positive or null, was " + defaultTtl);
        }
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException("maxRecordBytes must be positive, was " + maxRecordBytes);
        }
    }

    /**
     * The defaults: the system UTC clock, {@link JacksonFsmCodec}, no TTL, 256 KiB per record.
     *
     * @return the default settings
     */
    public static StorageConfig ofDefaults() {
        return new StorageConfig(Clock.systemUTC(), new JacksonFsmCodec(), null, DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * A copy with another clock.
     *
     * @param newClock the clock
     * @return the copy
     */
    public StorageConfig withClock(Clock newClock) {
        return new StorageConfig(newClock, codec, defaultTtl, maxRecordBytes);
    }

    /**
     * A copy with another codec.
     *
     * @param newCodec the codec
     * @return the copy
     */
    public StorageConfig withCodec(FsmCodec newCodec) {
        return new StorageConfig(clock, newCodec, defaultTtl, maxRecordBytes);
    }

    /**
     * A copy with another default TTL.
     *
     * @param ttl the TTL or {@code null}
     * @return the copy
     */
    public StorageConfig withDefaultTtl(@Nullable Duration ttl) {
        return new StorageConfig(clock, codec, ttl, maxRecordBytes);
    }

    /**
     * A copy with another record size limit.
     *
     * @param bytes the limit in bytes
     * @return the copy
     */
    public StorageConfig withMaxRecordBytes(int bytes) {
        return new StorageConfig(clock, codec, defaultTtl, bytes);
    }

    /**
     * Fails if an encoded record is over the limit.
     *
     * @param key the key, for the message
     * @param encodedBytes the size of the encoded data plus metadata
     * @throws RecordTooLargeException if over the limit
     */
    public void checkSize(String key, long encodedBytes) {
        if (encodedBytes > maxRecordBytes) {
            throw new RecordTooLargeException(key, encodedBytes, maxRecordBytes, "bytes");
        }
    }
}
