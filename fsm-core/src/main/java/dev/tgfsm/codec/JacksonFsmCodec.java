package dev.tgfsm.codec;

import java.io.IOException;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.jspecify.annotations.Nullable;

import dev.tgfsm.CorruptRecordException;

/**
 * The default {@link FsmCodec}, on Jackson 2 with an {@code ObjectMapper} of its own: never the
 * application's, never with default typing. {@code java.time} values (durations included) are written
 * as ISO-8601 text, unknown properties are ignored on typed reads, big integers keep their precision,
 * and text with anything after the JSON value is rejected as corrupt.
 *
 * <p>Thread-safe.
 */
public final class JacksonFsmCodec implements FsmCodec {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /** How deep {@link #plainCopy} follows nested maps and lists before leaving a value to Jackson. */
    private static final int MAX_PLAIN_DEPTH = 32;

    /** What {@link #plainCopy} answers for a value that is not plain JSON already. */
    private static final Object NOT_PLAIN = new Object();

    private final ObjectMapper mapper;

    /** Whether the mapper is tgfsm's own, so that plain JSON values convert to copies of themselves. */
    private final boolean ownMapper;

    /**
     * Creates a codec with tgfsm's own mapper.
     */
    public JacksonFsmCodec() {
        this(defaultMapper(), true);
    }

    /**
     * Creates a codec on a given mapper. The mapper must not enable default typing.
     *
     * @param mapper the mapper
     */
    public JacksonFsmCodec(ObjectMapper mapper) {
        this(mapper, false);
    }

    private JacksonFsmCodec(ObjectMapper mapper, boolean ownMapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
        this.ownMapper = ownMapper;
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
        if (ownMapper) {
            Object plain = readPlain(json);
            if (plain != NOT_PLAIN) {
                return plain;
            }
        }
        try {
            return normalize(mapper.readValue(json, Object.class));
        }
        catch (JsonProcessingException ex) {
            throw new CorruptRecordException(where, "invalid JSON (" + ex.getOriginalMessage() + ")", ex, json);
        }
    }

    /**
     * Reads JSON text into the values the mapper's {@code readValue(json, Object.class)} and
     * {@link #normalize} would give ({@code LinkedHashMap}s, {@code ArrayList}s, strings, booleans,
     * {@code null}, integers as small as they fit) straight from the mapper's own parser, without the
     * mapper's untyped deserializer, which reads every integer as a {@code BigInteger} first.
     * Answers {@link #NOT_PLAIN} for anything it leaves to the mapper: text that is not valid JSON
     * (so errors read the same), fractions, duplicate names and nesting deeper than
     * {@value #MAX_PLAIN_DEPTH}.
     */
    private Object readPlain(String json) {
        try (JsonParser parser = mapper.getFactory().createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return NOT_PLAIN;
            }
            Object value = readPlain(parser, first, 0);
            return value == NOT_PLAIN || parser.nextToken() != null ? NOT_PLAIN : value;
        }
        catch (IOException | RuntimeException ex) {
            return NOT_PLAIN;
        }
    }

    private static @Nullable Object readPlain(JsonParser parser, JsonToken token, int depth) throws IOException {
        switch (token) {
            case VALUE_STRING :
                return parser.getText();
            case VALUE_NUMBER_INT :
                return switch (parser.getNumberType()) {
                    case INT -> parser.getIntValue();
                    case LONG -> parser.getLongValue();
                    default -> normalize(parser.getBigIntegerValue());
                };
            case VALUE_TRUE :
                return Boolean.TRUE;
            case VALUE_FALSE :
                return Boolean.FALSE;
            case VALUE_NULL :
                return null;
            case START_OBJECT :
                if (depth >= MAX_PLAIN_DEPTH) {
                    return NOT_PLAIN;
                }
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
                    String name = parser.currentName();
                    Object item = readPlain(parser, parser.nextToken(), depth + 1);
                    if (item == NOT_PLAIN || map.containsKey(name)) {
                        return NOT_PLAIN;
                    }
                    map.put(name, item);
                }
                return map;
            case START_ARRAY :
                if (depth >= MAX_PLAIN_DEPTH) {
                    return NOT_PLAIN;
                }
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    Object item = readPlain(parser, t, depth + 1);
                    if (item == NOT_PLAIN) {
                        return NOT_PLAIN;
                    }
                    list.add(item);
                }
                return list;
            default :
                return NOT_PLAIN;
        }
    }

    @Override
    public @Nullable Object toPlain(@Nullable Object value) {
        // with another mapper only scalars are taken as they are: its settings may change maps and lists
        Object copy = plainCopy(value, ownMapper ? 0 : MAX_PLAIN_DEPTH);
        if (copy != NOT_PLAIN) {
            return copy;
        }
        return convert(value);
    }

    /**
     * Converts a value with the mapper (a round trip through Jackson's token buffer), as
     * {@link #toPlain} does for anything that is not plain JSON already.
     */
    @Nullable
    Object convert(Object value) {
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
     * Copies a value made only of strings, booleans, integers, {@code null}, string-keyed maps and
     * lists into the {@code LinkedHashMap}s and {@code ArrayList}s the mapper's conversion would
     * build, with the same numbers (longs that fit as integers), without Jackson's token buffer; a
     * {@linkplain FlatJson#isFrozenList frozen list} is taken as it is, since nothing can change it:
     * the metadata the library writes on every update (recent update ids, outbox entries) is such a
     * value. Answers {@link #NOT_PLAIN} for anything else (a double, a date, a record, a map with
     * other keys, a structure nested deeper than {@value #MAX_PLAIN_DEPTH}), which the mapper then
     * converts.
     */
    private static @Nullable Object plainCopy(@Nullable Object value, int depth) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer) {
            return value;
        }
        if (value instanceof Long l) {
            return l == l.intValue() ? (Object) l.intValue() : l;
        }
        if (depth >= MAX_PLAIN_DEPTH) {
            return NOT_PLAIN;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>((int) (map.size() / 0.75f) + 1);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object item = plainCopy(e.getValue(), depth + 1);
                if (!(e.getKey() instanceof String name) || item == NOT_PLAIN) {
                    return NOT_PLAIN;
                }
                copy.put(name, item);
            }
            return copy;
        }
        if (FlatJson.isFrozenList(value)) {
            return value;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                Object item = plainCopy(element, depth + 1);
                if (item == NOT_PLAIN) {
                    return NOT_PLAIN;
                }
                copy.add(item);
            }
            return copy;
        }
        return NOT_PLAIN;
    }

    /**
     * Makes integers as small as they fit (Integer, then Long, then BigInteger) so that values read
     * back compare equal to the values written.
     */
    private static Object normalize(Object value) {
        if (value instanceof BigInteger big) {
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
        if (value instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) list;
            l.replaceAll(JacksonFsmCodec::normalize);
            return l;
        }
        return value;
    }
}
