package dev.tgfsm.outbox;

import java.io.Serializable;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
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
 * name and {@code body} its JSON as text (what the Bot API client sends). Entries stored by earlier
 * versions hold the body as a JSON object; both are read. Text costs one serialisation where the object
 * cost a conversion of the method to maps and lists, and the record's codec writes and reads it as
 * one string instead of walking those maps on the commit that stores the entry and on the next load
 * (together a sixth of the bot's CPU samples end to end). Reading back instantiates only concrete
 * {@link BotApiMethod} classes under {@value #ALLOWED_PACKAGE}; anything else is logged and dropped
 * without loading the class's code.
 */
final class StoredCalls {

    /** Where stored method classes must live. */
    static final String ALLOWED_PACKAGE = "org.telegram.telegrambots.meta.api.methods.";

    private static final Logger log = LoggerFactory.getLogger(StoredCalls.class);

    /** Writes and reads the methods; configured once, then shared (Jackson's mappers are thread-safe). */
    private static final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * The plain form of a method's body, resolved once: converting with a {@code TypeReference}
     * resolves its type anew on every call (a tenth of the conversion's time in the end-to-end profile).
     */
    private static final JavaType map = mapper.getTypeFactory().constructMapType(LinkedHashMap.class, String.class,
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
            plain.put("body", mapper.writeValueAsString(method));
        }
        catch (JsonProcessingException | IllegalArgumentException ex) {
            throw new FsmException("Cannot store the Bot API call " + method.getMethod() + " in the outbox: "
                    + ex.getMessage(), ex);
        }
        return plain;
    }

    /** The stored call's method, or {@code null} (logged) when it is not allowed or cannot be read. */
    @Nullable
    BotApiMethod<? extends Serializable> method(Object plain, Object where) {
        if (!(plain instanceof Map<?, ?> m) || !(m.get("type") instanceof String type)
                || !(m.get("body") instanceof Map<?, ?> || m.get("body") instanceof String)) {
            log.warn("Dropping a malformed outbox call of {}: {}", where, plain);
            return null;
        }
        Class<?> cls = allowedClass(type);
        if (cls == null) {
            log.warn("Dropping an outbox call of {} with a type that is not a Bot API method: {}", where, type);
            return null;
        }
        try {
            Object body = m.get("body");
            @SuppressWarnings("unchecked")
            BotApiMethod<? extends Serializable> method = (BotApiMethod<? extends Serializable>) (body instanceof String json
                    ? mapper.readValue(json, cls)
                    : mapper.convertValue(body, cls));
            return method;
        }
        catch (JsonProcessingException | IllegalArgumentException ex) {
            log.warn("Dropping an outbox call of {} that cannot be read as {}: {}", where, type, ex.getMessage());
            return null;
        }
    }

    /**
     * A stored entry with the body of each call (and of its fallback) as a JSON object, whichever
     * form it was stored in: for code that looks into the bodies. A body that is not valid JSON
     * text, and anything not shaped like an entry, is left as it is.
     */
    static Object withObjectBodies(Object entry) {
        if (!(entry instanceof Map<?, ?> m) || !(m.get("calls") instanceof List<?> calls)) {
            return entry;
        }
        List<Object> out = new ArrayList<>(calls.size());
        for (Object call : calls) {
            out.add(callWithObjectBody(call));
        }
        Map<Object, Object> copy = new LinkedHashMap<>(m);
        copy.put("calls", out);
        return copy;
    }

    private static Object callWithObjectBody(Object call) {
        if (!(call instanceof Map<?, ?> m)) {
            return call;
        }
        Map<Object, Object> copy = new LinkedHashMap<>(m);
        if (m.get("body") instanceof String json) {
            try {
                copy.put("body", mapper.readValue(json, map));
            }
            catch (JsonProcessingException ex) {
                // left as text: its reader drops it with a warning
            }
        }
        if (m.get("orElse") != null) {
            copy.put("orElse", callWithObjectBody(m.get("orElse")));
        }
        return copy;
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
