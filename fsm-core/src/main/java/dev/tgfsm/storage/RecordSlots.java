package dev.tgfsm.storage;

import org.jspecify.annotations.Nullable;

/**
 * The name index of a {@link RecordMap} and its builder: how a name is found among entries kept in
 * one array, names and values alternating.
 *
 * <p>Up to {@link #LINEAR} entries a name is found by comparing the names in order. A larger map
 * keeps a table of hash slots: a power of two at least twice the size, each slot holding an entry's
 * position + 1, 0 for a free slot, found by linear probing. The class owns no state; the arrays
 * belong to the map or builder that passes them.
 */
final class RecordSlots {

    /** Up to this many entries a name is looked up by comparing the names in order. */
    static final int LINEAR = 8;

    private RecordSlots() {
    }

    /** The position of a name among {@code size} entries of {@code table}, or -1. */
    static int indexOf(Object[] table, int size, int @Nullable [] slots, @Nullable Object name) {
        if (slots == null) {
            if (name == null) {
                for (int i = 0; i < size; i++) {
                    if (table[2 * i] == null) {
                        return i;
                    }
                }
                return -1;
            }
            for (int i = 0; i < size; i++) {
                Object k = table[2 * i];
                if (k == name || name.equals(k)) {
                    return i;
                }
            }
            return -1;
        }
        int mask = slots.length - 1;
        for (int s = hash(name) & mask;; s = (s + 1) & mask) {
            int at = slots[s] - 1;
            if (at < 0) {
                return -1;
            }
            Object k = table[2 * at];
            if (k == name || name != null && name.equals(k)) {
                return at;
            }
        }
    }

    /**
     * The hash slots of the first {@code size} names of {@code table}, for up to {@code capacity}
     * entries.
     */
    static int[] slots(Object[] table, int size, int capacity) {
        int n = Integer.highestOneBit(Math.max(LINEAR, capacity) * 2 - 1) << 1;
        int[] slots = new int[n];
        for (int i = 0; i < size; i++) {
            insert(slots, table[2 * i], i);
        }
        return slots;
    }

    /** Records in {@code slots} that {@code name} stands at {@code position}. */
    static void insert(int[] slots, @Nullable Object name, int position) {
        int mask = slots.length - 1;
        int s = hash(name) & mask;
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = position + 1;
    }

    private static int hash(@Nullable Object name) {
        int h = name == null ? 0 : name.hashCode();
        return h ^ (h >>> 16);
    }
}
