package dev.tgfsm.feature;

import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * Versioned feature data on the in-memory store.
 */
class InMemoryFeatureMigrationTests extends FeatureMigrationScenarios {

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults());

    @Override
    protected FsmStorage storage() {
        return storage;
    }
}
