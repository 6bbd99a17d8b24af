package dev.tgfsm.privacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;

/**
 * Everything stored about one user, as {@link Privacy#export} found it: the records of each
 * conversation the user takes part in (state, data, history, preferences, the engine's metadata
 * with its garbage message ids, queued outbox calls and deadline) and the entries kept beside them
 * (rate-limit buckets, counters, flood buckets). Made of plain values only;
 * {@link #toMap()} gives it as a JSON object.
 *
 * @param userId the user
 * @param exportedAt when it was read
 * @param conversations the user's conversations, each with its records
 * @param entries the entries kept outside records, by their name in the backend, with their values
 */
public record UserDataExport(long userId, Instant exportedAt, List<Conversation> conversations,
        Map<String, String> entries) {

    /**
     * Copies the lists.
     *
     * @param userId the user
     * @param exportedAt when it was read
     * @param conversations the conversations; copied
     * @param entries the entries; copied
     */
    public UserDataExport {
        conversations = List.copyOf(conversations);
        entries = Map.copyOf(entries);
    }

    /**
     * Tells whether nothing is stored about the user.
     *
     * @return {@code true} without conversations and entries
     */
    public boolean isEmpty() {
        return conversations.isEmpty() && entries.isEmpty();
    }

    /**
     * Returns the document as a JSON object of plain values (maps, lists, strings, numbers).
     *
     * @return the document
     */
    public Map<String, @Nullable Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", userId);
        out.put("exportedAt", exportedAt.toString());
        List<Object> list = new ArrayList<>();
        for (Conversation conversation : conversations) {
            list.add(conversation.toMap());
        }
        out.put("conversations", list);
        out.put("entries", new LinkedHashMap<>(entries));
        return out;
    }

    /**
     * One conversation and its stored records.
     *
     * @param key the conversation's key in the default destiny
     * @param records the live records by destiny
     */
    public record Conversation(StorageKey key, Map<String, FsmRecord> records) {

        /**
         * Copies the map.
         *
         * @param key the conversation's key
         * @param records the records; copied
         */
        public Conversation {
            records = Map.copyOf(records);
        }

        /**
         * Returns the conversation as a JSON object of plain values.
         *
         * @return the object
         */
        public Map<String, @Nullable Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("botId", key.botId());
            out.put("chatId", key.chatId());
            out.put("userId", key.userId());
            out.put("threadId", key.threadId());
            out.put("businessConnectionId", key.businessConnectionId());
            Map<String, Object> byDestiny = new LinkedHashMap<>();
            records.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                FsmRecord r = e.getValue();
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("state", r.state());
                record.put("data", r.data());
                record.put("meta", r.meta());
                record.put("version", r.version());
                record.put("createdAt", r.createdAt() == null ? null : r.createdAt().toString());
                record.put("updatedAt", r.updatedAt() == null ? null : r.updatedAt().toString());
                byDestiny.put(e.getKey(), record);
            });
            out.put("records", byDestiny);
            return out;
        }
    }
}
