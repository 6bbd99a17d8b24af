package dev.tgfsm.dispatch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded set of the most recent update ids, oldest forgotten first.
 */
final class RecentUpdateIds {

    private final int capacity;

    private final LinkedHashMap<Integer, Boolean> ids;

    RecentUpdateIds(int capacity) {
        this.capacity = capacity;
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
                return size() > RecentUpdateIds.this.capacity;
            }
        };
    }

    /** Adds the id; returns {@code false} if it was already there. */
    synchronized boolean add(int id) {
        return capacity == 0 || ids.putIfAbsent(id, Boolean.TRUE) == null;
    }

    /** Forgets the id, so that it is no longer a duplicate. */
    synchronized void forget(int id) {
        ids.remove(id);
    }
}
