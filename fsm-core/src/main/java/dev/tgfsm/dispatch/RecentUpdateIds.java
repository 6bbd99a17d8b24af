package dev.tgfsm.dispatch;

/**
 * A bounded set of the most recent update ids, oldest forgotten first. It allocates nothing after it
 * was made: the ids sit in a ring in arrival order, and a hash table of open slots finds them.
 *
 * <p>An id {@linkplain #forget forgotten} keeps its place in the ring until the ring passes it, so
 * the set holds at most its capacity of ids, fewer for a while after a forget.
 */
final class RecentUpdateIds {

    private final int capacity;

    /** The ids in arrival order; when full, the oldest is at {@link #next}. */
    private final int[] ring;

    /** Where the next id goes in the ring. */
    private int next;

    /** How many places of the ring are used. */
    private int used;

    /** The ids of the table, by slot (linear probing). */
    private final int[] ids;

    /** The ring position + 1 of the id in each slot; 0 for a free slot. */
    private final int[] positions;

    private final int mask;

    RecentUpdateIds(int capacity) {
        this.capacity = capacity;
        this.ring = new int[capacity];
        int slots = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
        this.ids = new int[capacity == 0 ? 0 : slots];
        this.positions = new int[capacity == 0 ? 0 : slots];
        this.mask = slots - 1;
    }

    /** Adds the id; returns {@code false} if it was already there. */
    synchronized boolean add(int id) {
        if (capacity == 0) {
            return true;
        }
        int slot = home(id);
        while (positions[slot] != 0) {
            if (ids[slot] == id) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        if (used == capacity) {
            evict(ring[next], next);
            slot = home(id);
            while (positions[slot] != 0) {
                slot = (slot + 1) & mask;
            }
        }
        else {
            used++;
        }
        ring[next] = id;
        ids[slot] = id;
        positions[slot] = next + 1;
        next = next + 1 == capacity ? 0 : next + 1;
        return true;
    }

    /** Forgets the id, so that it is no longer a duplicate. */
    synchronized void forget(int id) {
        if (capacity == 0) {
            return;
        }
        int slot = find(id);
        if (slot >= 0) {
            free(slot);
        }
    }

    /** Removes the id that leaves the ring at {@code position}, unless it was forgotten (and added again later). */
    private void evict(int id, int position) {
        int slot = find(id);
        if (slot >= 0 && positions[slot] == position + 1) {
            free(slot);
        }
    }

    private int find(int id) {
        for (int slot = home(id); positions[slot] != 0; slot = (slot + 1) & mask) {
            if (ids[slot] == id) {
                return slot;
            }
        }
        return -1;
    }

    /** Frees a slot, moving back the entries after it that would no longer be found (backward shift). */
    private void free(int slot) {
        int gap = slot;
        for (int i = (slot + 1) & mask; positions[i] != 0; i = (i + 1) & mask) {
            int home = home(ids[i]);
            boolean stays = gap < i ? home > gap && home <= i : home > gap || home <= i;
            if (!stays) {
                ids[gap] = ids[i];
                positions[gap] = positions[i];
                gap = i;
            }
        }
        positions[gap] = 0;
    }

    private int home(int id) {
        int h = id * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
