package dev.tgfsm.storage.memory;

import java.util.Objects;

import dev.tgfsm.key.StorageKey;

/**
 * The monitors of {@link InMemoryFsmStorage}: a fixed set of locks, one chosen by a key's
 * conversation fields, so that the keys of one conversation always share a monitor.
 */
final class Stripes {

    private static final int STRIPES = 256;

    private final Object[] monitors = new Object[STRIPES];

    Stripes() {
        for (int i = 0; i < STRIPES; i++) {
            monitors[i] = new Object();
        }
    }

    /** The monitor of the key's conversation. */
    Object of(StorageKey key) {
        return monitors[indexOf(key)];
    }

    /** The index of the monitor of the key's conversation, the order in which several monitors are taken. */
    int indexOf(StorageKey key) {
        long h = key.botId();
        h = h * 31 + key.chatId();
        h = h * 31 + key.userId();
        h = h * 31 + Objects.hashCode(key.threadId());
        h = h * 31 + Objects.hashCode(key.businessConnectionId());
        int i = (int) (h ^ (h >>> 32));
        i ^= i >>> 16;
        return i & (STRIPES - 1);
    }

    /** The monitor of an index. */
    Object at(int index) {
        return monitors[index];
    }
}
