package dev.tgfsm.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.SlotHash;
import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.ThrottleResult;
import dev.tgfsm.storage.Throttling;

/**
 * The lease locks of {@link RedisFsmStorage}: the {@code lock_load} script (the rate-limit step if
 * asked, then the lock and the records of the lock's slot, in one call; on Redis Cluster the records
 * of other slots are read by load scripts sent just before it, sharing its round trip), and the
 * {@code renew} and {@code unlock} scripts. Owns the names of the lock key
 * ({@code conversation + "#lock"}) and of the rate-limit bucket key, which the script takes together.
 */
final class RedisLocks {

    private final RedisChannel channel;

    private final KeyRenderer renderer;

    private final RedisLoads loads;

    RedisLocks(RedisChannel channel, KeyRenderer renderer, RedisLoads loads) {
        this.channel = channel;
        this.renderer = renderer;
        this.loads = loads;
    }

    /**
     * Takes the lock and loads the records in one script, with the rate-limit step first when
     * {@code throttle} is given (its bucket must be in the lock's slot). Releases the lock again when
     * a record cannot be read.
     */
    LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys,
            @Nullable ThrottleRequest throttle) {
        List<StorageKey> asked = List.copyOf(keys);
        RedisLoads.Sent elsewhere = null;
        if (!asked.isEmpty() && channel.cluster()) {
            // records in other hash slots (a group member's user scope, the chat's, the bot's): their
            // load scripts go out before the lock request and share its round trip
            int slot = SlotHash.getSlot(renderer.conversation(lockKey));
            List<StorageKey> here = new ArrayList<>(asked.size());
            List<StorageKey> other = new ArrayList<>(asked.size());
            for (StorageKey key : asked) {
                (SlotHash.getSlot(renderer.conversation(key)) == slot ? here : other).add(key);
            }
            if (!other.isEmpty()) {
                asked = here;
                elsewhere = loads.send(loads.slotGroups(other));
            }
        }
        int first = throttle == null ? 1 : 2;
        byte[][] raw = new byte[asked.size() + first][];
        raw[0] = RedisRecordFormat.bytes(lockKey(lockKey));
        for (int i = 0; i < asked.size(); i++) {
            raw[i + first] = RedisRecordFormat.bytes(renderer.render(asked.get(i)));
        }
        List<Object> reply;
        if (throttle == null) {
            reply = lease.hasTurn()
                    ? channel.run(RedisScript.LOCK_AND_LOAD, ScriptOutputType.MULTI, raw, loads.now(),
                            RedisRecordFormat.bytes(lease.token()), leaseMillis(lease), turn(lease))
                    : channel.run(RedisScript.LOCK_AND_LOAD, ScriptOutputType.MULTI, raw, loads.now(),
                            RedisRecordFormat.bytes(lease.token()), leaseMillis(lease));
        }
        else {
            raw[1] = RedisRecordFormat.bytes(bucketKey(throttle.bucket()));
            byte[][] gcra = throttleArgs(throttle.now(), throttle.increment(), throttle.capacity());
            reply = channel.run(RedisScript.LOCK_AND_LOAD, ScriptOutputType.MULTI, raw, loads.now(),
                    RedisRecordFormat.bytes(lease.token()), leaseMillis(lease), turn(lease), gcra[0], gcra[1],
                    gcra[2]);
        }
        long code = (Long) reply.get(0);
        if (code == 2) {
            return LockAttempt.throttled(new ThrottleResult(false, Throttling.instant((Long) reply.get(1))));
        }
        ThrottleResult admitted = throttle == null ? null
                : new ThrottleResult(true, Throttling.instant((Long) reply.get(reply.size() - 1)));
        if (code == 0) {
            return new LockAttempt(false, Map.of(), Duration.ofMillis(Math.max(1, (Long) reply.get(1))), admitted);
        }
        try {
            Map<StorageKey, FsmRecord> records = loads.records(asked, reply, 1);
            if (elsewhere != null) {
                records.putAll(loads.received(elsewhere));
            }
            return new LockAttempt(true, records, Duration.ZERO, admitted);
        }
        catch (RuntimeException ex) {
            try {
                unlock(lockKey, lease);
            }
            catch (RuntimeException unlock) {
                ex.addSuppressed(unlock);
            }
            throw ex;
        }
    }

    /** Extends the lock when the lease still holds it. */
    boolean renew(StorageKey lockKey, Lease lease) {
        Long renewed = channel.run(RedisScript.RENEW, ScriptOutputType.INTEGER,
                new byte[][]{RedisRecordFormat.bytes(lockKey(lockKey))}, RedisRecordFormat.bytes(lease.token()),
                leaseMillis(lease));
        return renewed == 1;
    }

    /** Releases the lock when the lease still holds it. */
    boolean unlock(StorageKey lockKey, Lease lease) {
        byte[][] keys = {RedisRecordFormat.bytes(lockKey(lockKey))};
        Long released = lease.hasTurn()
                ? channel.run(RedisScript.UNLOCK, ScriptOutputType.INTEGER, keys,
                        RedisRecordFormat.bytes(lease.token()),
                        turn(lease))
                : channel.run(RedisScript.UNLOCK, ScriptOutputType.INTEGER, keys,
                        RedisRecordFormat.bytes(lease.token()));
        return released == 1;
    }

    /** The turn argument of {@code lock_load}: the update id, or empty for none. */
    private static byte[] turn(Lease lease) {
        return RedisRecordFormat.bytes(lease.hasTurn() ? String.valueOf(lease.turn()) : "");
    }

    private static byte[] leaseMillis(Lease lease) {
        return RedisRecordFormat.bytes(String.valueOf(lease.duration().toMillis()));
    }

    /** The lock's key: {@code conversation(key) + "#lock"}. */
    String lockKey(StorageKey key) {
        return renderer.conversation(key) + RedisFsmStorage.LOCK_SUFFIX;
    }

    /** A rate-limit bucket's key: {@code conversation(bucket) + "#t:" + escaped destiny}. */
    String bucketKey(StorageKey bucket) {
        return renderer.conversation(bucket) + RedisFsmStorage.THROTTLE_INFIX + KeyRenderer.escape(bucket.destiny());
    }

    /** The GCRA step's arguments: now, increment and capacity in microseconds. */
    static byte[][] throttleArgs(Instant now, Duration increment, Duration capacity) {
        return new byte[][]{RedisRecordFormat.bytes(String.valueOf(Throttling.micros(now))),
                RedisRecordFormat.bytes(String.valueOf(Throttling.positiveMicros(increment, "increment"))),
                RedisRecordFormat.bytes(String.valueOf(Throttling.positiveMicros(capacity, "capacity")))};
    }
}
