package dev.tgfsm.codec;

import java.lang.reflect.Type;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Encodes record data as JSON text and decodes it, and converts between Java objects and the plain
 * JSON values (maps, lists, strings, numbers, booleans, {@code null}) that records hold.
 *
 * <p>Implementations never write type information into the JSON (no default typing), so stored
 * data can be read by any version and any language, and cannot instantiate arbitrary classes.
 */
public interface FsmCodec {

    /**
     * Encodes a JSON object.
     *
     * @param data the object, plain JSON values only
     * @return the JSON text
     */
    String encode(Map<String, @Nullable Object> data);

    /**
     * Decodes a JSON object.
     *
     * @param json the text
     * @param where the key of the record it belongs to, named in the error
     * @return the object as plain JSON values
     * @throws dev.tgfsm.CorruptRecordException if the text is not a JSON object
     */
    Map<String, @Nullable Object> decode(String json, String where);

    /**
     * Encodes any plain JSON value.
     *
     * @param value the value
     * @return the JSON text
     */
    String encodeValue(Object value);

    /**
     * Decodes any JSON value.
     *
     * @param json the text
     * @param where the key of the record it belongs to, named in the error
     * @return the value as plain JSON values
     * @throws dev.tgfsm.CorruptRecordException if the text is not JSON
     */
    Object decodeValue(String json, String where);

    /**
     * Converts a Java object (a record, a bean, a {@code java.time} value, a collection) to plain JSON
     * values.
     *
     * @param value the object, or {@code null}
     * @return its plain JSON form, {@code null} for {@code null}
     * @throws IllegalArgumentException if the object cannot be represented as JSON
     */
    @Nullable
    Object toPlain(@Nullable Object value);

    /**
     * Converts plain JSON values to a Java type.
     *
     * @param plain the plain value
     * @param type the target type, generic types allowed
     * @param <T> the target type
     * @return the converted value, or {@code null} for {@code null}
     * @throws IllegalArgumentException if the value does not fit the type
     */
    <T> @Nullable T fromPlain(@Nullable Object plain, Type type);
}
