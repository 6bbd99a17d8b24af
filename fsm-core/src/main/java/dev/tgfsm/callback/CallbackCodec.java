package dev.tgfsm.callback;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;

import dev.tgfsm.FsmConfigurationException;

/**
 * Packs a record into callback data and parses it back, like aiogram's {@code CallbackData}:
 * {@code BookAction(DELETE, 42)} with prefix {@code book} becomes {@code book:DELETE:42}. The prefix
 * comes from {@link CallbackPrefix} (else the record's simple name); the values follow in component
 * order, separated by {@code ':'}. A {@code ':'} or {@code '%'} inside a value is written as
 * {@code %3A} or {@code %25}, so any string round-trips; {@code null} (and an empty
 * {@code Optional}) is an empty value, the empty string is {@code %}. See {@link #SUPPORTED_TYPES}
 * for the component types.
 *
 * <p>Telegram accepts at most {@value #MAX_BYTES} bytes of UTF-8 callback data: {@link #pack}
 * refuses more, when the button is built, instead of Telegram refusing the whole message later.
 * {@link #unpack} throws {@link MalformedCallbackDataException} for data that does not fit the
 * record (an old button after the record changed); the routing answers such a button and calls no
 * handler. Codecs are immutable, thread-safe and cached per record type.
 *
 * @param <T> the record type
 */
public final class CallbackCodec<T extends Record> {

    /** Telegram's limit for an inline button's callback data, in UTF-8 bytes. */
    public static final int MAX_BYTES = 64;

    /** The supported component types, as said in error messages. */
    public static final String SUPPORTED_TYPES = ValueFormat.SUPPORTED;

    private static final ClassValue<CallbackCodec<?>> CODECS = new ClassValue<>() {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        protected CallbackCodec<?> computeValue(Class<?> type) {
            return new CallbackCodec(type);
        }
    };

    private final Class<T> type;

    private final String prefix;

    private final RecordComponent[] components;

    private final List<String> names;

    private final ValueFormat[] formats;

    private final Constructor<T> constructor;

    private CallbackCodec(Class<T> type) {
        if (!type.isRecord()) {
            throw new FsmConfigurationException(
                    type.getName() + " is not a record; callback data types must be records");
        }
        this.type = type;
        CallbackPrefix annotation = type.getAnnotation(CallbackPrefix.class);
        this.prefix = annotation != null ? annotation.value() : type.getSimpleName();
        if (prefix.isEmpty() || prefix.indexOf(':') >= 0 || prefix.indexOf('%') >= 0
                || bytes(prefix) > MAX_BYTES) {
            throw new FsmConfigurationException("Callback data prefix '" + prefix + "' of " + type.getName()
                    + " must be non-empty, at most " + MAX_BYTES + " bytes, without ':' or '%'; fix @CallbackPrefix");
        }
        this.components = type.getRecordComponents();
        this.names = Arrays.stream(components).map(RecordComponent::getName).toList();
        this.formats = new ValueFormat[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            ValueFormat format = ValueFormat.of(components[i].getGenericType());
            if (format == null) {
                throw new FsmConfigurationException("Component " + components[i].getName() + " of " + type.getName()
                        + " has type " + components[i].getGenericType().getTypeName()
                        + ", which cannot be callback data; use " + SUPPORTED_TYPES);
            }
            formats[i] = format;
            types[i] = components[i].getType();
            components[i].getAccessor().setAccessible(true);
        }
        try {
            this.constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
        }
        catch (NoSuchMethodException | RuntimeException ex) {
            throw new FsmConfigurationException("Cannot use the canonical constructor of " + type.getName()
                    + " for callback data: " + ex);
        }
    }

    /**
     * Returns the codec of a record type, checking the type once.
     *
     * @param <T> the record type
     * @param type the record type
     * @return the codec
     * @throws FsmConfigurationException if the type is not a record, its prefix is invalid or a
     *         component has an unsupported type (the message names it)
     */
    @SuppressWarnings("unchecked")
    public static <T extends Record> CallbackCodec<T> of(Class<T> type) {
        return (CallbackCodec<T>) CODECS.get(Objects.requireNonNull(type, "type must not be null"));
    }

    /**
     * Packs a record with the codec of its type.
     *
     * @param value the record
     * @return the callback data
     * @throws IllegalArgumentException if the data would exceed {@value #MAX_BYTES} bytes
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static String packOf(Record value) {
        Objects.requireNonNull(value, "value must not be null");
        return ((CallbackCodec) of(value.getClass())).pack(value);
    }

    /**
     * Builds an inline keyboard button whose callback data is a packed record.
     *
     * @param text the label
     * @param value the record
     * @return the button
     * @throws IllegalArgumentException if the data would exceed {@value #MAX_BYTES} bytes
     */
    public static InlineKeyboardButton button(String text, Record value) {
        return InlineKeyboardButton.builder().text(text).callbackData(packOf(value)).build();
    }

    /**
     * Returns the record type.
     *
     * @return the type
     */
    public Class<T> type() {
        return type;
    }

    /**
     * Returns the prefix the data starts with.
     *
     * @return the prefix, without the separator
     */
    public String prefix() {
        return prefix;
    }

    /**
     * Returns the names of the record's components, in order.
     *
     * @return the names
     */
    public List<String> componentNames() {
        return names;
    }

    /**
     * Packs a record into callback data.
     *
     * @param value the record
     * @return the data, at most {@value #MAX_BYTES} bytes of UTF-8
     * @throws IllegalArgumentException if the data would be longer; the message names the record,
     *         the packed length and the limit
     */
    public String pack(T value) {
        Objects.requireNonNull(value, "value must not be null");
        StringBuilder s = new StringBuilder(prefix);
        for (int i = 0; i < components.length; i++) {
            s.append(':');
            String text = formats[i].write(read(components[i].getAccessor(), value));
            if (text != null) {
                CallbackEscapes.escape(text, s);
            }
        }
        String data = s.toString();
        int length = bytes(data);
        if (length > MAX_BYTES) {
            throw new IllegalArgumentException("Callback data of " + value + " packs to " + length
                    + " bytes, over Telegram's limit of " + MAX_BYTES + " bytes (" + data
                    + "); use a shorter @CallbackPrefix or shorter values, e.g. an id instead of a text");
        }
        return data;
    }

    /**
     * Tells whether callback data is meant for this record type: its prefix, then the separator or
     * the end.
     *
     * @param data the callback data, or {@code null}
     * @return {@code true} if it starts with this codec's prefix
     */
    public boolean accepts(@Nullable String data) {
        return data != null && data.startsWith(prefix)
                && (data.length() == prefix.length() || data.charAt(prefix.length()) == ':');
    }

    /**
     * Parses callback data back into the record.
     *
     * @param data the callback data
     * @return the record
     * @throws MalformedCallbackDataException if the data is not this record's: another prefix, a
     *         wrong number of values, a value that does not parse, or values the record's
     *         constructor refuses
     */
    public T unpack(String data) {
        if (!accepts(data)) {
            throw malformed(data, "it does not start with the prefix '" + prefix + ":'");
        }
        List<String> values = new ArrayList<>(components.length);
        if (data.length() > prefix.length()) {
            int from = prefix.length() + 1;
            for (int at = data.indexOf(':', from); at >= 0; at = data.indexOf(':', from)) {
                values.add(data.substring(from, at));
                from = at + 1;
            }
            values.add(data.substring(from));
        }
        if (values.size() != components.length) {
            throw malformed(data, "it has " + values.size() + " value(s), but the record has " + components.length
                    + " component(s) " + componentNames());
        }
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            try {
                String raw = values.get(i);
                arguments[i] = formats[i].read(raw.isEmpty() ? null : CallbackEscapes.unescape(raw));
            }
            catch (RuntimeException ex) {
                throw malformed(data, "component " + components[i].getName() + " (" + formats[i].typeName()
                        + ") does not parse: " + ex.getMessage());
            }
        }
        try {
            return constructor.newInstance(arguments);
        }
        catch (InvocationTargetException ex) {
            throw malformed(data, "the constructor refused the values: " + ex.getCause());
        }
        catch (ReflectiveOperationException ex) {
            throw malformed(data, "the record could not be created: " + ex);
        }
    }

    /**
     * Reads a routing condition's value for a component, as written in an annotation
     * ({@code "action=DELETE"}): numbers in decimal, booleans {@code true}/{@code false} or
     * {@code 1}/{@code 0}, enum constant names, UUIDs in their usual form.
     *
     * @param component the component's name
     * @param literal the value's text
     * @return the value, as the record's accessor returns it
     * @throws FsmConfigurationException if there is no such component or the literal does not parse
     */
    public @Nullable Object literal(String component, String literal) {
        int i = names.indexOf(component);
        if (i < 0) {
            throw new FsmConfigurationException(type.getSimpleName() + " has no component '" + component
                    + "'; its components are " + componentNames());
        }
        try {
            return formats[i].readLiteral(literal);
        }
        catch (RuntimeException ex) {
            throw new FsmConfigurationException("'" + literal + "' is not a value of " + type.getSimpleName() + '.'
                    + component + " (" + formats[i].typeName() + "): " + ex.getMessage());
        }
    }

    /**
     * Reads one component of a record.
     *
     * @param value the record
     * @param component the component's name, as checked by {@link #literal}
     * @return the component's value
     */
    public @Nullable Object component(T value, String component) {
        int i = names.indexOf(component);
        if (i < 0) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no component '" + component + "'");
        }
        return read(components[i].getAccessor(), value);
    }

    @Override
    public String toString() {
        return "CallbackCodec[" + type.getSimpleName() + ", prefix " + prefix + "]";
    }

    private MalformedCallbackDataException malformed(String data, String why) {
        return new MalformedCallbackDataException("Callback data '" + data + "' does not fit " + type.getSimpleName()
                + ": " + why);
    }

    private static @Nullable Object read(Method accessor, Object value) {
        try {
            return accessor.invoke(value);
        }
        catch (InvocationTargetException ex) {
            throw new IllegalStateException("Accessor " + accessor.getName() + " threw", ex.getCause());
        }
        catch (IllegalAccessException ex) {
            throw new IllegalStateException("Accessor " + accessor.getName() + " is not accessible", ex);
        }
    }

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
