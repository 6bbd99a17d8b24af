package dev.tgfsm.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.UserDataStorage;
import dev.tgfsm.storage.UserMatch;

/**
 * The {@link UserDataStorage} of the Redis backend. Redis has no index by user, so a lookup is one
 * {@code SCAN} of the namespace with {@code MATCH <prefix>*<user id>*} (on a Cluster, of every
 * master, the cursor moving from one to the next): the server walks every key once, in batches of
 * {@value RedisKeyScan#BATCH}, and sends back only keys containing the id's digits, which are then
 * parsed and kept only when they belong to the user. That costs time proportional to the whole
 * keyspace and is meant for rare administrative calls; nothing on the path of an update changes.
 *
 * <p>Found: record hashes, rate-limit buckets ({@code conversation + "#t:" + destiny}), counters
 * ({@code prefix + "#c:" + name}, named by the rate limiter with a conversation tag) and the flood
 * bucket of the private chat ({@code prefix + "#flood{bot}:c:" + user}) and the sets of a
 * conversation's destinies sharing its lifetime ({@code conversation + "#l"}). Conversation locks
 * are left to lapse.
 */
final class RedisUserData implements UserDataStorage {

    private static final byte[] COUNTER_FIELD = RedisRecordFormat.bytes("n");

    private final RedisFsmStorage storage;

    private final RedisChannel channel;

    private final RedisKeyScan scan;

    private final KeyRenderer renderer;

    RedisUserData(RedisFsmStorage storage, RedisChannel channel, RedisKeyScan scan, KeyRenderer renderer) {
        this.storage = storage;
        this.channel = channel;
        this.scan = scan;
        this.renderer = renderer;
    }

    @Override
    public List<StorageKey> userRecordKeys(long userId) {
        List<StorageKey> out = new ArrayList<>();
        for (String key : candidates(userId)) {
            StorageKey parsed = storage.recordKey(key);
            if (parsed != null && UserMatch.owns(parsed, userId)) {
                out.add(parsed);
            }
        }
        return out;
    }

    @Override
    public Map<String, String> userEntries(long userId) {
        List<String> strings = new ArrayList<>();
        List<String> counters = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        String counterStart = renderer.prefix() + RedisFsmStorage.COUNTER_INFIX;
        String flood = renderer.prefix() + RedisPermitStore.FLOOD_INFIX;
        for (String key : candidates(userId)) {
            if (key.startsWith(counterStart)) {
                if (UserMatch.ownsTagged(key.substring(counterStart.length()), userId)) {
                    counters.add(key);
                }
            }
            else if (key.startsWith(flood)) {
                if (key.endsWith("}:c:" + userId)) {
                    strings.add(key);
                }
            }
            else if (key.endsWith("}" + RedisFsmStorage.LIFETIME_SUFFIX)) {
                StorageKey conversation = conversationKey(key);
                if (conversation != null && UserMatch.owns(conversation, userId)) {
                    sets.add(key);
                }
            }
            else {
                StorageKey bucket = bucketKey(key);
                if (bucket != null && UserMatch.owns(bucket, userId)) {
                    strings.add(key);
                }
            }
        }
        return values(strings, counters, sets);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here the buckets' strings ({@code conversation + "#t:" + destiny}), read in one call.
     */
    @Override
    public Map<String, String> bucketEntries(Collection<StorageKey> buckets) {
        List<String> strings = new ArrayList<>(buckets.size());
        for (StorageKey bucket : buckets) {
            strings.add(renderer.conversation(bucket) + RedisFsmStorage.THROTTLE_INFIX
                    + KeyRenderer.escape(bucket.destiny()));
        }
        return values(strings, List.of(), List.of());
    }

    @Override
    public long deleteEntries(Collection<String> names) {
        return scan.delete(List.copyOf(names));
    }

    /** Every key of the namespace whose name contains the user id's digits, each once. */
    private Set<String> candidates(long userId) {
        Set<String> found = new LinkedHashSet<>();
        try (Stream<List<String>> batches = scan.batches(renderer.prefix() + "*" + userId + "*", key -> true)) {
            batches.forEach(found::addAll);
        }
        return found;
    }

    /** Parses the key of a conversation's lifetime set into the conversation's key, or {@code null}. */
    private @Nullable StorageKey conversationKey(String key) {
        try {
            return renderer.parse(key.substring(0, key.length() - RedisFsmStorage.LIFETIME_SUFFIX.length()) + ":"
                    + StorageKey.DEFAULT_DESTINY);
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    /** Parses a rate-limit bucket key into the key it was made from, or {@code null} for anything else. */
    private @Nullable StorageKey bucketKey(String key) {
        int infix = key.lastIndexOf(RedisFsmStorage.THROTTLE_INFIX);
        if (infix < 0 || !key.startsWith(renderer.prefix() + "{") || key.charAt(infix - 1) != '}') {
            return null;
        }
        try {
            return renderer.parse(key.substring(0, infix) + ":"
                    + key.substring(infix + RedisFsmStorage.THROTTLE_INFIX.length()));
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    /**
     * The values of string entries, counters and lifetime sets (their destinies, comma-separated),
     * read in one pipelined batch; vanished ones left out.
     */
    private Map<String, String> values(List<String> strings, List<String> counters, List<String> sets) {
        RedisClusterAsyncCommands<byte[], byte[]> commands = channel.commands();
        Map<String, RedisFuture<byte[]>> pending = new LinkedHashMap<>();
        for (String key : strings) {
            pending.put(key, commands.get(RedisRecordFormat.bytes(key)));
        }
        for (String key : counters) {
            pending.put(key, commands.hget(RedisRecordFormat.bytes(key), COUNTER_FIELD));
        }
        Map<String, RedisFuture<Set<byte[]>>> members = new LinkedHashMap<>();
        for (String key : sets) {
            members.put(key, commands.smembers(RedisRecordFormat.bytes(key)));
        }
        Map<String, String> out = new LinkedHashMap<>();
        members.forEach((key, future) -> {
            try {
                Set<byte[]> destinies = channel.await(future, "reading a user's entries");
                if (destinies != null && !destinies.isEmpty()) {
                    out.put(key, String.join(",", destinies.stream().map(RedisRecordFormat::text).sorted().toList()));
                }
            }
            catch (RedisCommandExecutionException ex) {
                throw RedisChannel.serverError("reading a user's entries", ex);
            }
        });
        pending.forEach((key, future) -> {
            try {
                byte[] value = channel.await(future, "reading a user's entries");
                if (value != null) {
                    out.put(key, RedisRecordFormat.text(value));
                }
            }
            catch (RedisCommandExecutionException ex) {
                throw RedisChannel.serverError("reading a user's entries", ex);
            }
        });
        return out;
    }
}
