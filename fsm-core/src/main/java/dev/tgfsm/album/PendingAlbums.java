package dev.tgfsm.album;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.context.EngineContext;
import dev.tgfsm.context.FsmContext;

/**
 * The albums of a conversation being gathered, as kept in its main record's metadata
 * ({@value #META}): per media group the parts (message id and the update's JSON, ordered by message
 * id) and when the first and the last part were stored; the groups handled lately (to mark late
 * parts); and the time last put into the deadline index. Epoch milliseconds throughout. Mutable, for
 * one unit of work.
 */
final class PendingAlbums {

    /** The metadata entry. */
    static final String META = "albums";

    /** How many handled groups are remembered, to tell late parts. */
    static final int REMEMBERED = 20;

    private final Map<String, Group> pending = new LinkedHashMap<>();

    private final List<String> done = new ArrayList<>();

    private @Nullable Long indexed;

    /** One part: its message id and its update as JSON. */
    record Part(long messageId, String json) {
    }

    /** The parts of one media group stored so far. */
    static final class Group {

        final String id;

        final List<Part> parts = new ArrayList<>();

        long first;

        long last;

        Group(String id) {
            this.id = id;
        }

        boolean isDue(long now, AlbumConfig config) {
            return parts.size() >= config.maxParts() || now >= quietUntil(config);
        }

        long quietUntil(AlbumConfig config) {
            return last + config.quietTime().toMillis();
        }
    }

    static PendingAlbums read(FsmContext context) {
        return read(EngineContext.of(context).getMeta(META));
    }

    static PendingAlbums read(Object raw) {
        PendingAlbums albums = new PendingAlbums();
        if (!(raw instanceof Map<?, ?> map)) {
            return albums;
        }
        if (map.get("pending") instanceof Map<?, ?> groups) {
            groups.forEach((id, value) -> {
                if (value instanceof Map<?, ?> g && g.get("parts") instanceof List<?> parts) {
                    Group group = new Group(String.valueOf(id));
                    group.first = number(g.get("first"));
                    group.last = number(g.get("last"));
                    for (Object p : parts) {
                        if (p instanceof Map<?, ?> part && part.get("u") instanceof String json) {
                            group.parts.add(new Part(number(part.get("m")), json));
                        }
                    }
                    if (!group.parts.isEmpty()) {
                        albums.pending.put(group.id, group);
                    }
                }
            });
        }
        if (map.get("done") instanceof List<?> list) {
            list.forEach(id -> albums.done.add(String.valueOf(id)));
        }
        albums.indexed = map.get("indexed") instanceof Number n ? n.longValue() : null;
        return albums;
    }

    void write(FsmContext context) {
        if (pending.isEmpty() && done.isEmpty() && indexed == null) {
            EngineContext.of(context).setMeta(META, null);
            return;
        }
        Map<String, Object> groups = new LinkedHashMap<>();
        for (Group group : pending.values()) {
            List<Object> parts = new ArrayList<>();
            for (Part part : group.parts) {
                parts.add(Map.of("m", part.messageId(), "u", part.json()));
            }
            groups.put(group.id, Map.of("first", group.first, "last", group.last, "parts", parts));
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("pending", groups);
        map.put("done", List.copyOf(done));
        if (indexed != null) {
            map.put("indexed", indexed);
        }
        EngineContext.of(context).setMeta(META, map);
    }

    /** Adds a part, keeping the group ordered by message id; {@code false} if it was stored already. */
    boolean add(String groupId, long messageId, String json, long now) {
        Group group = pending.computeIfAbsent(groupId, Group::new);
        if (group.parts.stream().anyMatch(p -> p.messageId() == messageId)) {
            return false;
        }
        if (group.parts.isEmpty()) {
            group.first = now;
        }
        group.last = Math.max(group.last, now);
        group.parts.add(new Part(messageId, json));
        group.parts.sort(Comparator.comparingLong(Part::messageId));
        return true;
    }

    @Nullable
    Group get(String groupId) {
        return pending.get(groupId);
    }

    /** The due group whose first part came first, or {@code null}. */
    @Nullable
    Group due(long now, AlbumConfig config) {
        Group due = null;
        for (Group group : pending.values()) {
            if (group.isDue(now, config) && (due == null || group.first < due.first)) {
                due = group;
            }
        }
        return due;
    }

    /** When the last pending group becomes quiet; only for a non-empty set. */
    long latestQuietUntil(AlbumConfig config) {
        return pending.values().stream().mapToLong(g -> g.quietUntil(config)).max().orElseThrow();
    }

    /** Removes a group and remembers it as handled. */
    void finish(String groupId) {
        pending.remove(groupId);
        done.remove(groupId);
        done.add(groupId);
        while (done.size() > REMEMBERED) {
            done.remove(0);
        }
    }

    boolean wasHandled(String groupId) {
        return done.contains(groupId);
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    @Nullable
    Long indexed() {
        return indexed;
    }

    void indexed(@Nullable Long at) {
        this.indexed = at;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
