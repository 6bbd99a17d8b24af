package dev.tgfsm.timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.context.EngineContext;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.storage.DeadlineIndex;

/**
 * The idle deadline of a conversation as kept in its main record's metadata ({@value #META}): when
 * it expires, the chat to write to, its idle time, whether the warning went out, and the time last
 * put into the storage's deadline index. Epoch milliseconds throughout.
 *
 * @param at when the conversation expires
 * @param chatId the chat the warning and expiry messages go to
 * @param idleMillis the idle time the deadline was computed with
 * @param warned whether the warning was sent
 * @param indexed the time last given to {@link DeadlineIndex#scheduleDeadline}, or
 *        {@code null}
 * @param language Telegram's language code of the user when the deadline was set, or {@code null}
 */
record IdleDeadline(long at, long chatId, long idleMillis, boolean warned, @Nullable Long indexed,
        @Nullable String language) {

    /** The metadata entry. */
    static final String META = "timeout";

    static @Nullable IdleDeadline read(FsmContext context) {
        if (!(EngineContext.of(context).getMeta(META) instanceof Map<?, ?> map) || !(map.get("at") instanceof Number at)
                || !(map.get("chat") instanceof Number chat)) {
            return null;
        }
        long idle = map.get("idle") instanceof Number n ? n.longValue() : 0;
        Long indexed = map.get("indexed") instanceof Number n ? n.longValue() : null;
        String language = map.get("lang") instanceof String s ? s : null;
        return new IdleDeadline(at.longValue(), chat.longValue(), idle, Boolean.TRUE.equals(map.get("warned")), indexed,
                language);
    }

    void write(FsmContext context) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("at", at);
        map.put("chat", chatId);
        map.put("idle", idleMillis);
        map.put("warned", warned);
        if (indexed != null) {
            map.put("indexed", indexed);
        }
        if (language != null) {
            map.put("lang", language);
        }
        EngineContext.of(context).setMeta(META, map);
    }

    static void remove(FsmContext context) {
        EngineContext.of(context).setMeta(META, null);
    }

    /** When the scheduler must look next: the warning time, or the expiry once warned or without warning. */
    long nextEvent(TimeoutConfig config) {
        Duration idle = Duration.ofMillis(idleMillis);
        if (!warned && config.warns(idle)) {
            return at - config.warningBefore().toMillis();
        }
        return at;
    }

    IdleDeadline withWarned() {
        return new IdleDeadline(at, chatId, idleMillis, true, indexed, language);
    }

    IdleDeadline withIndexed(long time) {
        return new IdleDeadline(at, chatId, idleMillis, warned, time, language);
    }

    Instant expiry() {
        return Instant.ofEpochMilli(at);
    }
}
