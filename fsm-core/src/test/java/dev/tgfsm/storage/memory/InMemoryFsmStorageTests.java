package dev.tgfsm.storage.memory;

import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.FsmStorageContractTests;
import dev.tgfsm.storage.StorageSettings;

/**
 * Runs the storage contract against {@link InMemoryFsmStorage}, plus memory-specific tests.
 */
class InMemoryFsmStorageTests extends FsmStorageContractTests {

    @Override
    protected FsmStorage createStorage(StorageSettings settings) {
        return new InMemoryFsmStorage(settings);
    }
}
