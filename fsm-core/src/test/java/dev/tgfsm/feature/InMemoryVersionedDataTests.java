package dev.tgfsm.feature;

import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * Versioned conversation and scope data on the in-memory store.
 */
class InMemoryVersionedDataTests extends VersionedDataScenarios {

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults());

    @Override
    protected FsmStorage storage() {
        return storage;
    }
}
