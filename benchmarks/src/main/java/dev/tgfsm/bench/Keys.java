package dev.tgfsm.bench;

import java.util.concurrent.ThreadLocalRandom;

import dev.tgfsm.key.StorageKey;

/**
 * The conversations one benchmark touches: one hot key, or {@link BenchConfig#MANY_KEYS} keys chosen
 * at random per operation.
 */
public final class Keys {

    private final StorageKey[] keys;

    /**
     * Builds the keys.
     *
     * @param count 1 for the hot key, or the number of distinct keys
     */
    public Keys(int count) {
        keys = new StorageKey[count];
        for (int i = 0; i < count; i++) {
            keys[i] = BenchConfig.key(i);
        }
    }

    /**
     * Picks the key of the next operation.
     *
     * @return the key
     */
    public StorageKey next() {
        return keys.length == 1 ? keys[0] : keys[ThreadLocalRandom.current().nextInt(keys.length)];
    }

    /**
     * Picks the index of the next operation's key.
     *
     * @return the index
     */
    public int nextIndex() {
        return keys.length == 1 ? 0 : ThreadLocalRandom.current().nextInt(keys.length);
    }

    /**
     * Returns the key at an index.
     *
     * @param i the index
     * @return the key
     */
    public StorageKey get(int i) {
        return keys[i];
    }

    /**
     * Returns how many keys there are.
     *
     * @return the count
     */
    public int size() {
        return keys.length;
    }
}
