package dev.tgfsm.context;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.StorageKey;

/**
 * Told when a handler changes the state of a slot, before the change is buffered. A listener may
 * throw to refuse the change (a forbidden transition); the state then stays as it was.
 */
@FunctionalInterface
public interface StateChangeListener {

    /**
     * Called for every state change inside a unit of work.
     *
     * @param key the slot
     * @param from the state before, or {@code null}
     * @param to the state after, or {@code null}
     */
    void stateChanging(StorageKey key, @Nullable String from, @Nullable String to);
}
