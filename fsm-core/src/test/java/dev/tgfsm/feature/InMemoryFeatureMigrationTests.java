package dev.tgfsm.feature;

import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageSettings;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * Versioned feature data on the in-memory store.
 */
class InMemoryFeatureMigrationTests extends FeatureMigrationScenarios {

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageSettings.defaults());

    @Override
    protected FsmStorage storage() {
        return storage;
    }
}
