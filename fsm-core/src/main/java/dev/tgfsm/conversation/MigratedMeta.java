package dev.tgfsm.conversation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.garbage.GarbageStateRegistry;
import dev.tgfsm.outbox.OutboxRelay;

/**
 * Adjusts the engine's metadata of a record that moves from one chat id to another
 * ({@link ChatMigration}): the idle deadline's chat, the tracked garbage, the pending outbox calls.
 */
final class MigratedMeta {

    /** The idle deadline's metadata entry (see the timeout package). */
    static final String TIMEOUT = "timeout";

    /** Parameters of a Bot API call that name a message of its chat. */
    private static final Set<String> MESSAGE_PARAMETERS = Set.of("message_id", "message_ids", "reply_to_message_id",
            "reply_parameters", "from_chat_id");

    private MigratedMeta() {
    }

    static Map<String, @Nullable Object> adjust(Map<String, @Nullable Object> meta, long fromChat, long toChat) {
        Map<String, @Nullable Object> out = new LinkedHashMap<>(meta);
        if (meta.get(TIMEOUT) instanceof Map<?, ?> timeout && timeout.get("chat") instanceof Number chat
                && chat.longValue() == fromChat) {
            Map<Object, Object> moved = new LinkedHashMap<>(timeout);
            moved.put("chat", toChat);
            out.put(TIMEOUT, moved);
        }
        if (meta.get(GarbageStateRegistry.META) instanceof List<?> tracked) {
            List<Object> kept = new ArrayList<>();
            for (Object item : tracked) {
                if (!(item instanceof Map<?, ?> m && m.get("c") instanceof Number c && c.longValue() == fromChat)) {
                    kept.add(item);
                }
            }
            out.put(GarbageStateRegistry.META, kept.isEmpty() ? null : kept);
        }
        if (meta.get(OutboxRelay.META) instanceof List<?> entries) {
            List<Object> kept = new ArrayList<>();
            for (Object entry : entries) {
                Object moved = entry(entry, fromChat, toChat);
                if (moved != null) {
                    kept.add(moved);
                }
            }
            out.put(OutboxRelay.META, kept.isEmpty() ? null : kept);
        }
        out.values().removeIf(v -> v == null);
        return out;
    }

    /** When the moved record's deadline index entry is due, or {@code null} when it has none. */
    static @Nullable Instant deadlineIndexTime(Map<String, @Nullable Object> meta) {
        if (meta.get(TIMEOUT) instanceof Map<?, ?> timeout) {
            Object when = timeout.get("indexed") instanceof Number indexed ? indexed : timeout.get("at");
            if (when instanceof Number millis) {
                return Instant.ofEpochMilli(millis.longValue());
            }
        }
        return null;
    }

    /** An outbox entry with its calls to the old chat re-addressed or dropped; {@code null} if none is left. */
    private static @Nullable Object entry(@Nullable Object entry, long fromChat, long toChat) {
        if (!(entry instanceof Map<?, ?> map) || !(map.get("calls") instanceof List<?> calls)) {
            return entry;
        }
        List<Object> kept = new ArrayList<>();
        for (Object call : calls) {
            Object moved = call(call, fromChat, toChat);
            if (moved != null) {
                kept.add(moved);
            }
        }
        if (kept.isEmpty()) {
            return null;
        }
        Map<Object, Object> out = new LinkedHashMap<>(map);
        out.put("calls", kept);
        return out;
    }

    private static @Nullable Object call(@Nullable Object call, long fromChat, long toChat) {
        if (!(call instanceof Map<?, ?> map)) {
            return call;
        }
        Object body = method(map.get("body"), fromChat, toChat);
        if (body == null) {
            return null;
        }
        Map<Object, Object> out = new LinkedHashMap<>(map);
        out.put("body", body);
        if (map.get("orElse") instanceof Map<?, ?> fallback) {
            Object moved = call(fallback, fromChat, toChat);
            if (moved == null) {
                out.remove("orElse");
            }
            else {
                out.put("orElse", moved);
            }
        }
        return out;
    }

    /** A method body aimed at the new chat, the same body if it is not for the old chat, else {@code null}. */
    private static @Nullable Object method(@Nullable Object body, long fromChat, long toChat) {
        if (!(body instanceof Map<?, ?> map) || !String.valueOf(map.get("chat_id")).equals(Long.toString(fromChat))) {
            return body;
        }
        for (String name : MESSAGE_PARAMETERS) {
            if (map.get(name) != null) {
                return null;
            }
        }
        Map<Object, Object> out = new LinkedHashMap<>(map);
        out.put("chat_id", map.get("chat_id") instanceof Number ? (Object) toChat : Long.toString(toChat));
        return out;
    }
}
