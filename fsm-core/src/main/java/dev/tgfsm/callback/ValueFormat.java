package dev.tgfsm.callback;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * How one record component is written into callback data and read back (before escaping): numbers
 * in decimal, booleans as {@code 1}/{@code 0}, enums by constant name, UUIDs as 22 characters of
 * URL-safe Base64, dates in ISO form. {@code null} and an empty {@link Optional} are an empty value;
 * a primitive cannot be empty.
 */
final class ValueFormat {

    /** The supported types, said in error messages. */
    static final String SUPPORTED = "String, int, long, short, byte, double, float, boolean (or their boxes),"
            + " BigInteger, BigDecimal, an enum, UUID, LocalDate, or an Optional of one of these";

    private static final Map<Class<?>, Class<?>> BOXES = Map.of(int.class, Integer.class, long.class, Long.class,
            short.class, Short.class, byte.class, Byte.class, double.class, Double.class, float.class, Float.class,
            boolean.class, Boolean.class);

    private final Class<?> type;

    private final boolean primitive;

    private final boolean optional;

    private final Function<Object, String> write;

    private final Function<String, Object> read;

    private ValueFormat(Class<?> type, boolean primitive, boolean optional, Function<Object, String> write,
            Function<String, Object> read) {
        this.type = type;
        this.primitive = primitive;
        this.optional = optional;
        this.write = write;
        this.read = read;
    }

    /** The format of a component's type, or {@code null} when the type is not supported. */
    static @Nullable ValueFormat of(Type generic) {
        if (generic instanceof ParameterizedType p && p.getRawType() == Optional.class
                && p.getActualTypeArguments()[0] instanceof Class<?> element) {
            ValueFormat inner = plain(element);
            return inner == null || inner.primitive ? null
                    : new ValueFormat(element, false, true, inner.write, inner.read);
        }
        return generic instanceof Class<?> c ? plain(c) : null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static @Nullable ValueFormat plain(Class<?> declared) {
        boolean primitive = declared.isPrimitive();
        Class<?> c = primitive ? BOXES.get(declared) : declared;
        Function<Object, String> text = String::valueOf;
        if (c == String.class) {
            return new ValueFormat(c, false, false, v -> (String) v, s -> s);
        }
        if (c == Integer.class) {
            return new ValueFormat(c, primitive, false, text, Integer::valueOf);
        }
        if (c == Long.class) {
            return new ValueFormat(c, primitive, false, text, Long::valueOf);
        }
        if (c == Short.class) {
            return new ValueFormat(c, primitive, false, text, Short::valueOf);
        }
        if (c == Byte.class) {
            return new ValueFormat(c, primitive, false, text, Byte::valueOf);
        }
        if (c == Double.class) {
            return new ValueFormat(c, primitive, false, text, Double::valueOf);
        }
        if (c == Float.class) {
            return new ValueFormat(c, primitive, false, text, Float::valueOf);
        }
        if (c == Boolean.class) {
            return new ValueFormat(c, primitive, false, v -> (Boolean) v ? "1" : "0", ValueFormat::bool);
        }
        if (c == BigInteger.class) {
            return new ValueFormat(c, false, false, text, BigInteger::new);
        }
        if (c == BigDecimal.class) {
            return new ValueFormat(c, false, false, v -> ((BigDecimal) v).toString(), BigDecimal::new);
        }
        if (c == UUID.class) {
            return new ValueFormat(c, false, false, v -> uuid((UUID) v), ValueFormat::uuid);
        }
        if (c == LocalDate.class) {
            return new ValueFormat(c, false, false, text, LocalDate::parse);
        }
        if (c != null && c.isEnum()) {
            Class<? extends Enum> e = (Class<? extends Enum>) c;
            return new ValueFormat(c, false, false, v -> ((Enum<?>) v).name(), s -> Enum.valueOf(e, s));
        }
        return null;
    }

    /** Writes a value; {@code null} for an empty one. */
    @Nullable
    String write(@Nullable Object value) {
        Object v = optional && value != null ? ((Optional<?>) value).orElse(null) : value;
        return v == null ? null : write.apply(v);
    }

    /**
     * Reads a value; {@code null} text is an empty value.
     *
     * @throws IllegalArgumentException (or another runtime exception) if the text does not parse
     */
    @Nullable
    Object read(@Nullable String text) {
        if (text == null) {
            if (primitive) {
                throw new IllegalArgumentException("empty, but a primitive cannot be empty");
            }
            return optional ? Optional.empty() : null;
        }
        Object value = read.apply(text);
        return optional ? Optional.of(value) : value;
    }

    /**
     * Reads a literal of a routing condition: {@code true}/{@code false} allowed for booleans, the
     * usual form for UUIDs, enum constants ignoring case.
     */
    @Nullable
    Object readLiteral(String literal) {
        if (type == Boolean.class && ("true".equals(literal) || "false".equals(literal))) {
            Object b = Boolean.valueOf(literal);
            return optional ? Optional.of(b) : b;
        }
        if (type == UUID.class) {
            Object u = UUID.fromString(literal);
            return optional ? Optional.of(u) : u;
        }
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(literal)) {
                    return optional ? Optional.of(constant) : constant;
                }
            }
        }
        return read(literal);
    }

    /** The component type's simple name. */
    String typeName() {
        return type.getSimpleName();
    }

    private static Boolean bool(String s) {
        return switch (s) {
            case "1" -> Boolean.TRUE;
            case "0" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("'" + s + "' is not 1 or 0");
        };
    }

    private static String uuid(UUID u) {
        ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    private static UUID uuid(String s) {
        if (s.length() != 22) {
            throw new IllegalArgumentException("'" + s + "' is not a UUID of 22 Base64 characters");
        }
        ByteBuffer b = ByteBuffer.wrap(Base64.getUrlDecoder().decode(s));
        return new UUID(b.getLong(), b.getLong());
    }
}
