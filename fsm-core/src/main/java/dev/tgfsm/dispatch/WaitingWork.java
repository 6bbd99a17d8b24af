package dev.tgfsm.dispatch;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.StorageUnavailableException;

/**
 * The work from outside an update ({@link UpdateDispatcher#submitWork}) that waits for its turn, by
 * its future. When an update finds the storage unavailable, such work that has not started (behind an
 * update of its conversation, or for a worker that updates waiting for the storage hold) is failed at
 * once with nothing applied, instead of waiting out the outage.
 */
final class WaitingWork {

    private final Map<CompletableFuture<?>, StorageKey> waiting = new ConcurrentHashMap<>();

    /** Notes work on a conversation that waits for its turn. */
    void add(CompletableFuture<?> future, StorageKey key) {
        waiting.put(future, key);
    }

    /**
     * Takes work out of the waiting when it starts (or is not accepted).
     *
     * @return {@code false} if it was failed while it waited
     */
    boolean remove(CompletableFuture<?> future) {
        return waiting.remove(future) != null;
    }

    /** Fails all the work that waits, each with a {@link StorageUnavailableException}. */
    void failAll() {
        waiting.forEach((future, key) -> {
            if (waiting.remove(future, key)) {
                future.completeExceptionally(storageDown(key));
            }
        });
    }

    /** The failure of work that did not start before an update found the storage unavailable. */
    private static StorageUnavailableException storageDown(StorageKey key) {
        return new StorageUnavailableException("The storage is unavailable: work on " + key
                + " is not run (updates wait for the storage); nothing of it was applied", null);
    }
}
