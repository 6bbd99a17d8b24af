package dev.tgfsm.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tgfsm.storage.ForwardingFsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * An in-memory storage that records its lifecycle calls and saves, in order, for lifecycle tests.
 */
class RecordingStorage extends ForwardingFsmStorage {

    final List<String> events = new CopyOnWriteArrayList<>();

    RecordingStorage() {
        super(new InMemoryFsmStorage(StorageConfig.ofDefaults()));
    }

    @Override
    public void save(WriteBatch batch) {
        super.save(batch);
        events.add("save");
    }

    @Override
    public void start() {
        events.add("start");
        super.start();
    }

    @Override
    public void stop() {
        events.add("stop");
        super.stop();
    }
}
