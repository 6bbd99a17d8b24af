package dev.tgfsm.codec;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.jspecify.annotations.Nullable;

import dev.tgfsm.storage.CorruptRecordException;

/**
 * The default {@link FsmCodec}, on Jackson 2 with an {@code ObjectMapper} of its own: never the
 * application's, never with default typing. {@code java.time} values (durations included) are written
 * as ISO-8601 text, unknown properties are ignored on typed reads, big integers keep their precision,
 * and text with anything after the JSON value is rejected as corrupt.
 *
 * <p>Thread-safe.
 */
public final class JacksonFsmCodec implements FsmCodec {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final ObjectMapper mapper;

    /**
     * Creates a codec with tgfsm's own mapper.
     */
    public JacksonFsmCodec() {
        this(defaultMapper());
    }

    /**
     * Creates a codec on a given mapper. The mapper must not enable default typing.
     *
     * @param mapper the mapper
     */
    public JacksonFsmCodec(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
    }

    /**
     * Builds the mapper this codec uses by default.
     *
     * @return a new mapper
     */
    public static ObjectMapper defaultMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }

    @Override
    public String encode(Map<String, @Nullable Object> data) {
        return encodeValue(data);
    }

    @Override
    public Map<String, @Nullable Object> decode(String json, String where) {
        Object value = decodeValue(json, where);
        if (value instanceof Map<?, ?>) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) value;
            return map;
        }
        throw new CorruptRecordException(where, "expected a JSON object but found "
                + (value == null ? "null" : value.getClass().getSimpleName()), null);
    }

    @Override
    public String encodeValue(Object value) {
        try {
            return mapper.writeValueAsString(value);
        }
        catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("Cannot encode value as JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    @Override
    public Object decodeValue(String json, String where) {
        if (json == null) {
            throw new CorruptRecordException(where, "missing JSON", null);
        }
        try {
            return normalize(mapper.readValue(json, Object.class));
        }
        catch (JsonProcessingException ex) {
            throw new CorruptRecordException(where, "invalid JSON (" + ex.getOriginalMessage() + ")", ex, json);
        }
    }

    @Override
    public @Nullable Object toPlain(@Nullable Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer) {
            return value;
        }
        if (value instanceof Long l) {
            return l == l.intValue() ? Integer.valueOf(l.intValue()) : l;
        }
        try {
            return normalize(mapper.convertValue(value, Object.class));
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("Cannot store a " + value.getClass().getName() + " as JSON: "
                    + ex.getMessage(), ex);
        }
    }

    @Override
    public <T> @Nullable T fromPlain(@Nullable Object plain, Type type) {
        if (plain == null) {
            return null;
        }
        JavaType javaType = mapper.getTypeFactory().constructType(type);
        if (javaType.getRawClass().isInstance(plain) && !javaType.isContainerType()) {
            @SuppressWarnings("unchecked")
            T same = (T) plain;
            return same;
        }
        return mapper.convertValue(plain, javaType);
    }

    /**
     * Makes integers as small as they fit (Integer, then Long, then BigInteger) so that values read
     * back compare equal to the values written.
     */
    private static Object normalize(Object value) {
        if (value instanceof java.math.BigInteger big) {
            if (big.bitLength() < 32) {
                return big.intValue();
            }
            if (big.bitLength() < 64) {
                return big.longValue();
            }
            return big;
        }
        if (value instanceof Long l && l == l.intValue()) {
            return l.intValue();
        }
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> m = (Map<Object, Object>) map;
            m.replaceAll((k, v) -> normalize(v));
            return m;
        }
        if (value instanceof java.util.List<?> list) {
            @SuppressWarnings("unchecked")
            java.util.List<Object> l = (java.util.List<Object>) list;
            l.replaceAll(JacksonFsmCodec::normalize);
            return l;
        }
        return value;
    }
}
