package dev.tgfsm.storage.memory;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.UserDataStorage;
import dev.tgfsm.storage.UserMatch;

/**
 * The {@link UserDataStorage} of the in-memory backend: walks the record and counter tables once
 * (in memory, no index), so a lookup costs time proportional to everything stored. Rate-limit and
 * flood buckets are records here, found with the records.
 */
final class InMemoryUserData implements UserDataStorage {

    private final RecordTable records;

    private final CounterTable counters;

    private final Clock clock;

    InMemoryUserData(RecordTable records, CounterTable counters, Clock clock) {
        this.records = records;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public List<StorageKey> userRecordKeys(long userId) {
        try (Stream<StorageKey> live = records.liveKeys(clock::millis)) {
            return live.filter(key -> UserMatch.owns(key, userId)).toList();
        }
    }

    @Override
    public Map<String, String> userEntries(long userId) {
        Map<String, String> out = new LinkedHashMap<>();
        counters.live(name -> UserMatch.ownsTagged(name, userId), clock.millis())
                .forEach((name, value) -> out.put(name, Long.toString(value)));
        return out;
    }

    @Override
    public long deleteEntries(Collection<String> names) {
        long now = clock.millis();
        long removed = 0;
        for (String name : names) {
            if (counters.remove(name, now)) {
                removed++;
            }
        }
        return removed;
    }
}
