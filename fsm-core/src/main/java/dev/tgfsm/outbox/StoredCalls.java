package dev.tgfsm.outbox;

import java.io.Serializable;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import dev.tgfsm.FsmException;

/**
 * The stored form of outbox entries in the record's metadata: a list of
 * {@code {id, run, at, calls: [{type, body, orElse}]}}, where {@code type} is the method's class
 * name and {@code body} its JSON fields. Reading back instantiates only concrete
 * {@link BotApiMethod} classes under {@value #ALLOWED_PACKAGE}; anything else is logged and dropped
 * without loading the class's code.
 */
final class StoredCalls {

    /** Where stored method classes must live. */
    static final String ALLOWED_PACKAGE = "org.telegram.telegrambots.meta.api.methods.";

    private static final Logger log = LoggerFactory.getLogger(StoredCalls.class);

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * The plain form of a method's body, resolved once: converting with a {@code TypeReference}
     * resolves its type anew on every call (a tenth of the conversion's time in the end-to-end profile).
     */
    private final JavaType map = mapper.getTypeFactory().constructMapType(LinkedHashMap.class, String.class,
            Object.class);

    /** One stored entry: calls in plain form. */
    record Entry(String id, String run, long at, List<Object> calls, @Nullable String language) {

        Map<String, Object> toPlain() {
            Map<String, Object> plain = new LinkedHashMap<>();
            plain.put("id", id);
            plain.put("run", run);
            plain.put("at", at);
            plain.put("calls", calls);
            if (language != null) {
                plain.put("lang", language);
            }
            return plain;
        }

        Entry withCalls(List<Object> rest, String newRun, long newAt) {
            return new Entry(id, newRun, newAt, rest, language);
        }
    }

    /** Reads the stored entries; malformed items are logged and dropped. */
    List<Entry> read(@Nullable Object raw, Object where) {
        if (!(raw instanceof List<?> items)) {
            return new ArrayList<>();
        }
        List<Entry> out = new ArrayList<>(items.size());
        for (Object item : items) {
            if (item instanceof Map<?, ?> m && m.get("id") instanceof String id && m.get("run") instanceof String run
                    && m.get("at") instanceof Number at && m.get("calls") instanceof List<?> calls) {
                out.add(new Entry(id, run, at.longValue(), new ArrayList<>(calls),
                        m.get("lang") instanceof String language ? language : null));
            }
            else {
                log.warn("Dropping a malformed outbox entry of {}: {}", where, item);
            }
        }
        return out;
    }

    /** The plain form of a queued call. */
    Map<String, Object> toPlain(OutboxCall call) {
        Map<String, Object> plain = method(call.method());
        if (call.fallback() != null) {
            plain.put("orElse", method(call.fallback()));
        }
        return plain;
    }

    private Map<String, Object> method(BotApiMethod<?> method) {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("type", method.getClass().getName());
        try {
            Map<String, Object> body = mapper.convertValue(method, map);
            body.remove("method");
            plain.put("body", body);
        }
        catch (IllegalArgumentException ex) {
            throw new FsmException("Cannot store the Bot API call " + method.getMethod() + " in the outbox: "
                    + ex.getMessage(), ex);
        }
        return plain;
    }

    /** The stored call's method, or {@code null} (logged) when it is not allowed or cannot be read. */
    @Nullable
    BotApiMethod<? extends Serializable> method(Object plain, Object where) {
        if (!(plain instanceof Map<?, ?> m) || !(m.get("type") instanceof String type)
                || !(m.get("body") instanceof Map<?, ?> body)) {
            log.warn("Dropping a malformed outbox call of {}: {}", where, plain);
            return null;
        }
        Class<?> cls = allowedClass(type);
        if (cls == null) {
            log.warn("Dropping an outbox call of {} with a type that is not a Bot API method: {}", where, type);
            return null;
        }
        try {
            @SuppressWarnings("unchecked")
            BotApiMethod<? extends Serializable> method = (BotApiMethod<? extends Serializable>) mapper
                    .convertValue(body, cls);
            return method;
        }
        catch (IllegalArgumentException ex) {
            log.warn("Dropping an outbox call of {} that cannot be read as {}: {}", where, type, ex.getMessage());
            return null;
        }
    }

    /** The fallback of a stored call, or {@code null}. */
    @Nullable
    BotApiMethod<? extends Serializable> fallback(Object plain, Object where) {
        if (plain instanceof Map<?, ?> m && m.get("orElse") != null) {
            return method(m.get("orElse"), where);
        }
        return null;
    }

    private static @Nullable Class<?> allowedClass(String type) {
        if (!type.startsWith(ALLOWED_PACKAGE) || type.contains("..")) {
            return null;
        }
        try {
            Class<?> cls = Class.forName(type, false, BotApiMethod.class.getClassLoader());
            if (!BotApiMethod.class.isAssignableFrom(cls) || Modifier.isAbstract(cls.getModifiers())
                    || cls.isInterface()) {
                return null;
            }
            return cls;
        }
        catch (ClassNotFoundException | LinkageError ex) {
            return null;
        }
    }

    /** The chat a stored or queued call goes to, or {@code null}. */
    @Nullable
    Object chatOf(BotApiMethod<?> method) {
        try {
            Map<String, Object> body = mapper.convertValue(method, map);
            return body.get("chat_id");
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    Map<String, Object> body(BotApiMethod<?> method) {
        try {
            return mapper.convertValue(method, map);
        }
        catch (IllegalArgumentException ex) {
            return Map.of();
        }
    }
}
