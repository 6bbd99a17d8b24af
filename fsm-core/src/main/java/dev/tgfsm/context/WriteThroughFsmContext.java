package dev.tgfsm.context;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.codec.FsmCodec;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;

/**
 * A context whose every call goes straight to the storage: for schedulers, webhooks of other
 * services and anything else outside an update. Each call is atomic on its own; calls are not
 * grouped into one write.
 */
final class WriteThroughFsmContext implements EngineContext {

    private final FsmStorage storage;

    private final StorageKey key;

    private final FsmCodec codec;

    private final ContextConfig options;

    WriteThroughFsmContext(FsmStorage storage, StorageKey key, FsmCodec codec, ContextConfig options) {
        this.storage = storage;
        this.key = key;
        this.codec = codec;
        this.options = options;
    }

    @Override
    public StorageKey key() {
        return key;
    }

    @Override
    public @Nullable String getState() {
        return storage.getState(key);
    }

    @Override
    public void setState(@Nullable String stateId) {
        storage.change(key, r -> r.withState(stateId), options.ttlFor(key.destiny()));
    }

    @Override
    public Map<String, @Nullable Object> getData() {
        return storage.getData(key);
    }

    @Override
    public void setData(Map<String, ?> data) {
        Map<String, Object> plain = toPlain(data);
        storage.change(key, r -> r.withData(plain), options.ttlFor(key.destiny()));
    }

    @Override
    public Map<String, @Nullable Object> updateData(Map<String, ?> patch) {
        return storage.updateData(key, toPlain(patch));
    }

    @Override
    public void clear() {
        storage.change(key, r -> r.meta().isEmpty() ? (r.exists() ? null : r) : r.withState(null).withData(Map.of()),
                options.ttlFor(key.destiny()));
    }

    @Override
    public EngineContext destiny(String destiny) {
        return new WriteThroughFsmContext(storage, key.withDestiny(destiny), codec, options);
    }

    @Override
    public <T> @Nullable T convert(@Nullable Object value, Type type) {
        return codec.fromPlain(value, type);
    }

    @Override
    public @Nullable Object getMeta(String name) {
        return storage.load(key).meta().get(name);
    }

    @Override
    public void setMeta(String name, @Nullable Object value) {
        Object plain = codec.toPlain(value);
        storage.change(key, r -> {
            Map<String, Object> meta = new LinkedHashMap<>(r.meta());
            if (plain == null) {
                meta.remove(name);
            }
            else {
                meta.put(name, plain);
            }
            return r.withMeta(meta);
        }, options.ttlFor(key.destiny()));
    }

    private Map<String, Object> toPlain(Map<String, ?> values) {
        Objects.requireNonNull(values, "data must not be null");
        Map<String, Object> plain = new LinkedHashMap<>(values.size() * 2);
        values.forEach((k, v) -> plain.put(Objects.requireNonNull(k, "data keys must not be null"), codec.toPlain(v)));
        return plain;
    }

    @Override
    public SessionMetadata session() {
        FsmRecord record = storage.load(key);
        return new SessionMetadata(record.createdAt(), record.updatedAt(),
                SessionMetadata.countOf(record.meta().get(SessionMetadata.META_MESSAGES)));
    }

    @Override
    public String toString() {
        return "WriteThroughFsmContext[" + key + "]";
    }
}
