package dev.tgfsm.actuator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;

import dev.tgfsm.context.ScopedData;
import dev.tgfsm.garbage.GarbageStateRegistry;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.storage.FsmRecord;

/**
 * What {@link FsmConversationsEndpoint} shows of a conversation's records: each slot's state, data
 * (every value as JSON, cut to a cap), version and timestamps, and from the main slot's metadata the
 * idle deadline, the tracked garbage and the pending outbox entries (each cut to the cap too), and
 * the user's and chat's scope records in the same form as a slot (without the library's own entries).
 */
final class ConversationView {

    private static final String TIMEOUT_META = "timeout";

    private final ObjectMapper json = new ObjectMapper();

    private final int maxChars;

    ConversationView(int maxChars) {
        this.maxChars = maxChars;
    }

    Map<String, Object> describe(StorageKey key, Map<StorageKey, FsmRecord> records) {
        Map<String, Object> slots = new LinkedHashMap<>();
        FsmRecord main = FsmRecord.EMPTY;
        for (Map.Entry<StorageKey, FsmRecord> entry : records.entrySet()) {
            FsmRecord record = entry.getValue();
            if (!record.exists()) {
                continue;
            }
            if (StorageKey.DEFAULT_DESTINY.equals(entry.getKey().destiny())) {
                main = record;
            }
            slots.put(entry.getKey().destiny(), slot(record));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("found", !slots.isEmpty());
        out.put("slots", slots);
        out.put("deadline", shown(main.meta().get(TIMEOUT_META)));
        out.put("garbage", main.meta().get(GarbageStateRegistry.META) instanceof List<?> tracked ? tracked.size() : 0);
        List<Object> outbox = new ArrayList<>();
        if (main.meta().get(OutboxRelay.META) instanceof List<?> pending) {
            for (Object entry : pending) {
                outbox.add(shown(entry));
            }
        }
        out.put("outbox", outbox);
        return out;
    }

    /**
     * The user's and the chat's scope records, each as a slot without the library's own entries
     * ({@link ScopedData#visible}), or {@code null} when absent or holding only those.
     */
    Map<String, Object> scopes(FsmRecord user, FsmRecord chat) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", scope(user));
        out.put("chat", scope(chat));
        return out;
    }

    private @Nullable Map<String, Object> scope(FsmRecord record) {
        FsmRecord shown = record.withData(ScopedData.visible(record.data()));
        return record.exists() && (shown.state() != null || !shown.data().isEmpty()) ? slot(shown) : null;
    }

    private Map<String, Object> slot(FsmRecord record) {
        Map<String, Object> slot = new LinkedHashMap<>();
        slot.put("state", record.state());
        Map<String, Object> data = new LinkedHashMap<>();
        record.data().forEach((name, value) -> data.put(cut(name, maxChars), shown(value)));
        slot.put("data", data);
        slot.put("version", record.version());
        slot.put("createdAt", record.createdAt() == null ? null : record.createdAt().toString());
        slot.put("updatedAt", record.updatedAt() == null ? null : record.updatedAt().toString());
        return slot;
    }

    /** A value as it is when its JSON fits the cap, else the start of its JSON, marked as cut. */
    private @Nullable Object shown(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        String text;
        try {
            text = json.writeValueAsString(value);
        }
        catch (JsonProcessingException ex) {
            return "<unprintable " + value.getClass().getSimpleName() + ">";
        }
        return text.length() <= maxChars ? value : cut(text, maxChars);
    }

    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "… (cut, " + text.length() + " chars)";
    }
}
