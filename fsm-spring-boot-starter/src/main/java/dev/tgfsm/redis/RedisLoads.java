package dev.tgfsm.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.SlotHash;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.StorageConfig;

/**
 * How {@link RedisFsmStorage} reads records: the {@code load} script, one call for keys of one hash
 * slot, and on Redis Cluster one script per slot, pipelined (sent before any answer is awaited, so
 * that a call sent next shares the round trip). Decodes the replies into records, in the order asked.
 */
final class RedisLoads {

    private final RedisChannel channel;

    private final KeyRenderer renderer;

    private final RedisRecordFormat format;

    private final StorageConfig settings;

    RedisLoads(RedisChannel channel, KeyRenderer renderer, RedisRecordFormat format, StorageConfig settings) {
        this.channel = channel;
        this.renderer = renderer;
        this.format = format;
        this.settings = settings;
    }

    /** The records of the keys, in the order given; one round trip (per server on a Cluster). */
    Map<StorageKey, FsmRecord> loadAll(Collection<StorageKey> keys) {
        List<StorageKey> asked = List.copyOf(keys);
        if (asked.isEmpty()) {
            return Map.of();
        }
        if (asked.size() > 1 && channel.cluster()) {
            List<List<StorageKey>> groups = slotGroups(asked);
            if (groups.size() > 1) {
                return loadAcrossSlots(groups, asked);
            }
        }
        List<Object> reply = channel.run(RedisScript.LOAD, ScriptOutputType.MULTI, render(asked), now());
        return records(asked, reply, 0);
    }

    /** The record of one key. */
    FsmRecord load(StorageKey key) {
        String rendered = renderer.render(key);
        List<Object> reply = channel.run(RedisScript.LOAD, ScriptOutputType.MULTI,
                new byte[][]{RedisRecordFormat.bytes(rendered)}, now());
        return format.decode((List<?>) reply.get(0), rendered);
    }

    /** Records of several Cluster slots: one load script per slot, pipelined (one round trip per server). */
    private Map<StorageKey, FsmRecord> loadAcrossSlots(List<List<StorageKey>> groups, List<StorageKey> asked) {
        Map<StorageKey, FsmRecord> out = received(send(groups));
        Map<StorageKey, FsmRecord> ordered = new LinkedHashMap<>();
        asked.forEach(k -> ordered.put(k, out.get(k)));
        return ordered;
    }

    /** Load scripts sent to several Cluster slots, one per slot, not yet answered. */
    record Sent(List<List<StorageKey>> groups, List<byte[][]> keys, List<byte[][]> args,
            List<RedisFuture<Object>> calls) {
    }

    /** Sends one load script per slot group without waiting, so that a call sent next shares the round trip. */
    Sent send(List<List<StorageKey>> groups) {
        List<byte[][]> groupKeys = new ArrayList<>(groups.size());
        List<byte[][]> args = new ArrayList<>(groups.size());
        for (List<StorageKey> group : groups) {
            groupKeys.add(render(group));
            args.add(new byte[][]{now()});
        }
        return new Sent(groups, groupKeys, args, channel.sendAll(RedisScript.LOAD, ScriptOutputType.MULTI, groupKeys,
                args));
    }

    /** The records of {@link #send}, awaited; the first failure is thrown. */
    Map<StorageKey, FsmRecord> received(Sent sent) {
        List<Object> replies = channel.awaitAll(sent.calls(), RedisScript.LOAD, ScriptOutputType.MULTI, sent.keys(),
                sent.args());
        Map<StorageKey, FsmRecord> out = new LinkedHashMap<>();
        for (int g = 0; g < sent.groups().size(); g++) {
            if (replies.get(g) instanceof RuntimeException ex) {
                throw ex;
            }
            @SuppressWarnings("unchecked")
            List<Object> reply = (List<Object>) replies.get(g);
            out.putAll(records(sent.groups().get(g), reply, 0));
        }
        return out;
    }

    /** Decodes the records of {@code asked} from a script's reply, from position {@code offset} on. */
    Map<StorageKey, FsmRecord> records(List<StorageKey> asked, List<Object> reply, int offset) {
        Map<StorageKey, FsmRecord> out = new LinkedHashMap<>();
        for (int i = 0; i < asked.size(); i++) {
            StorageKey key = asked.get(i);
            out.put(key, format.decode((List<?>) reply.get(offset + i), renderer.render(key)));
        }
        return out;
    }

    /** Keys grouped by their conversation's hash slot, each group in the order given. */
    List<List<StorageKey>> slotGroups(Collection<StorageKey> keys) {
        Map<Integer, List<StorageKey>> bySlot = new LinkedHashMap<>();
        for (StorageKey key : keys) {
            bySlot.computeIfAbsent(SlotHash.getSlot(renderer.conversation(key)), slot -> new ArrayList<>()).add(key);
        }
        return List.copyOf(bySlot.values());
    }

    /** The rendered record keys, as the script's keys. */
    byte[][] render(List<StorageKey> keys) {
        byte[][] raw = new byte[keys.size()][];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = RedisRecordFormat.bytes(renderer.render(keys.get(i)));
        }
        return raw;
    }

    /** Now by the settings' clock, as a script argument. */
    byte[] now() {
        return RedisRecordFormat.bytes(String.valueOf(settings.clock().millis()));
    }
}
