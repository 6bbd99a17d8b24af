package dev.tgfsm.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.cluster.SlotHash;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.FsmException;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.ConversationLifetime;
import dev.tgfsm.storage.CounterStorage;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.DueDeadline;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.PrivacyStorage;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.StorageHealth;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.ThrottleResult;
import dev.tgfsm.storage.ThrottleStorage;
import dev.tgfsm.storage.UserDataStorage;
import dev.tgfsm.storage.WriteBatch;

/**
 * The Redis backend of {@link FsmStorage}, on spring-data-redis with Lettuce, for standalone Redis
 * and Redis Cluster.
 *
 * <p>Layout: one hash per record at {@link KeyRenderer#render} (see {@link RedisRecordFormat});
 * the conversation's lock at {@code conversation(key) + "#lock"}, a string
 * {@code <expiry ms>:<token>} with a {@code PX} of the lease; counters at {@code prefix + "#c:" + name}. Records, lock and history
 * of one conversation share its {@code {hash tag}} and therefore one Cluster slot; counters named
 * with a hash tag land in that tag's slot. The deadline index is a sorted set per bot, all in the
 * slot of {@code prefix + "#deadlines"} ({@link RedisDeadlines}); a commit that carries a deadline
 * change changes it in the same script on standalone Redis, and with one call before the script on
 * Cluster (see {@link #commitsDeadlines()}). A conversation's destinies written with a time to
 * live are listed in a set at {@code conversation(key) + "#l"}, so that the commit script gives them
 * all the expiry of the latest write ({@link ConversationLifetime}) without another round trip; each
 * of them notes in a hash field the expiry they were last given together, so that a commit less than
 * a step after that touches neither the set nor the other records.
 *
 * <p>Every method is one Lua script (or one command) and costs exactly one round trip; the scripts
 * run by {@code EVALSHA} and are sent once with {@code EVAL} when the server does not know them.
 * Record expiry is judged by the settings' clock, passed to every script as {@code now}: a record
 * whose logical expiry has passed is absent at once, and a relative {@code PEXPIRE} of the same
 * length removes it physically later. Leases are judged by the Redis server's clock instead
 * ({@code TIME} inside the lock scripts, and the lock key's own {@code PX}), so application instances
 * whose clocks disagree still agree on when a lease lapses; this needs Redis 5 or later (scripts that
 * call {@code TIME} before writing rely on effects replication). A lock that already carries the
 * caller's token counts as taken, so a lock request that timed out on the client but ran on the
 * server later is found again by the caller's retry. User data never passes through Lua's JSON library, so big
 * numbers keep their precision.
 *
 * <p>A write that carries the record as loaded ({@link RecordWrite#base()}, as the unit of work's
 * writes do) reads only the stored version, creation and expiry fields and writes only the fields
 * that changed: the stored JSON is checked when it is loaded, not again when it is written.
 *
 * <p>Failures: connection loss and timeouts raise {@link StorageUnavailableException};
 * an undecodable hash raises {@link CorruptRecordException} naming the key and is left untouched.
 * Thread-safe; all threads share one multiplexed connection of the factory.
 */
public final class RedisFsmStorage implements CounterStorage, ThrottleStorage, DeadlineIndex, PrivacyStorage {

    /** How long a command may take before it fails as unavailable, unless configured otherwise. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);

    static final String LOCK_SUFFIX = "#lock";

    static final String COUNTER_INFIX = "#c:";

    static final String THROTTLE_INFIX = "#t:";

    /** The set of a conversation's destinies sharing its lifetime: {@code conversation(key) + "#l"}. */
    static final String LIFETIME_SUFFIX = "#l";

    private final KeyRenderer renderer;

    private final StorageConfig settings;

    private final RedisChannel channel;

    private final RedisRecordFormat format;

    private final RedisKeyScan scan;

    private final RedisUpdates updates;

    private final RedisDeadlines deadlines;

    private final RedisCommits commits;

    private final RedisLoads loads;

    private final RedisLocks locks;

    private final RedisCounters counters;

    private final RedisNamespace namespace;

    /**
     * Creates a storage with the {@linkplain #DEFAULT_COMMAND_TIMEOUT default command timeout}.
     *
     * @param connectionFactory a Lettuce connection factory, standalone or cluster
     * @param renderer renders keys, with the namespace's prefix
     * @param settings clock, codec, default TTL and size limit
     */
    public RedisFsmStorage(RedisConnectionFactory connectionFactory, KeyRenderer renderer, StorageConfig settings) {
        this(connectionFactory, renderer, settings, DEFAULT_COMMAND_TIMEOUT);
    }

    /**
     * Creates a storage.
     *
     * @param connectionFactory a Lettuce connection factory, standalone or cluster
     * @param renderer renders keys, with the namespace's prefix
     * @param settings clock, codec, default TTL and size limit
     * @param commandTimeout how long one call waits for Redis before failing as unavailable
     */
    public RedisFsmStorage(RedisConnectionFactory connectionFactory, KeyRenderer renderer, StorageConfig settings,
            Duration commandTimeout) {
        Objects.requireNonNull(connectionFactory, "connectionFactory must not be null");
        this.renderer = Objects.requireNonNull(renderer, "renderer must not be null");
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        Objects.requireNonNull(commandTimeout, "commandTimeout must not be null");
        this.channel = new RedisChannel(connectionFactory, commandTimeout);
        this.format = new RedisRecordFormat(settings.codec());
        this.scan = new RedisKeyScan(channel);
        this.updates = new RedisUpdates(channel, format, settings);
        this.deadlines = new RedisDeadlines(channel, renderer);
        this.commits = new RedisCommits(channel, renderer, settings, format, deadlines);
        this.loads = new RedisLoads(channel, renderer, format, settings);
        this.locks = new RedisLocks(channel, renderer, loads);
        this.counters = new RedisCounters(channel, renderer, settings, locks);
        this.namespace = new RedisNamespace(renderer, settings, scan);
    }

    // ------------------------------------------------------------------ record level

    @Override
    public Map<StorageKey, FsmRecord> loadAll(Collection<StorageKey> keys) {
        return loads.loadAll(keys);
    }

    @Override
    public FsmRecord load(StorageKey key) {
        return loads.load(key);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here {@code true}. On standalone Redis the change is part of the commit script (the index
     * key is one more key of the script): one round trip, atomic with the records. On Redis Cluster
     * the global index sits in its own slot, which a script on the conversation's slot cannot
     * touch, so {@link #save} writes it with one separate call just before the script (the index
     * may then run early, which the timeout scheduler tolerates, never late). The deadline itself
     * is kept in the conversation's record and the index is changed lazily (only when the
     * conversation's next event comes earlier than the index says), so on Cluster this call is paid
     * once per idle period, not per update.
     */
    @Override
    public boolean commitsDeadlines() {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here one script. A write that carries the record as loaded ({@link RecordWrite#base()})
     * sends and writes only the fields that changed and deletes only the removed ones, after
     * reading just the stored version; a write without one replaces the whole hash after checking
     * it, as does (with one more round trip) a write whose record was deleted and created again
     * since it was loaded. The size limit is checked here on the whole new record.
     */
    @Override
    public void save(WriteBatch batch) {
        commits.save(batch);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here one commit script for all the writes (the lock released by it only when it wrote).
     */
    @Override
    public void saveTogether(List<WriteBatch> batches) {
        commits.saveTogether(batches);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here the commit scripts of all batches are pipelined: sent before any answer is awaited, so
     * they cost one round trip per server. A batch that cannot go as it is (a deadline change on
     * Cluster, a record deleted and created again since it was loaded) goes through {@link #save}
     * on its own.
     */
    @Override
    public List<RuntimeException> saveEach(List<WriteBatch> batches) {
        return commits.saveEach(batches);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here one {@code DEL} of the records' hashes (keys of one conversation share a hash tag, so
     * one Cluster slot).
     */
    @Override
    public long purge(Collection<StorageKey> keys) {
        List<StorageKey> all = List.copyOf(keys);
        if (all.isEmpty()) {
            return 0;
        }
        byte[][] raw = loads.render(all);
        try {
            Long removed = channel.await(channel.commands().del(raw), "purging records");
            return removed == null ? 0 : removed;
        }
        catch (RedisCommandExecutionException ex) {
            throw RedisChannel.serverError("purging records", ex);
        }
    }

    // ------------------------------------------------------------------ lease locks

    @Override
    public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys) {
        return lockAndLoad(lockKey, lease, keys, null);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here always {@code true}: on standalone Redis the {@code lock_load} script reads every key;
     * on Redis Cluster it reads the keys of the conversation's hash slot, and the records of other
     * slots (a group member's user scope, the chat's, the bot's) are read by one {@code load} script
     * per slot sent just before it, without waiting: one round trip in all. Those reads are not
     * atomic with the lock, which the scoped data does not need (its writes are version-checked).
     */
    @Override
    public boolean loadsTogether(StorageKey conversation, StorageKey other) {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here {@code true} on standalone Redis; on Redis Cluster only when both keys land in one
     * hash slot (one script writes them): a user's data and the user's private chat.
     */
    @Override
    public boolean writesTogether(StorageKey conversation, StorageKey other) {
        return !channel.cluster() || SlotHash.getSlot(lockKey(conversation)) == SlotHash.getSlot(lockKey(other));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here {@code true} on standalone Redis; on Redis Cluster only when the bucket's key lands in
     * the conversation's hash slot (a script cannot touch two slots). With the sample's per-user
     * buckets that is every private chat, whose chat id is the user's id; a group conversation's
     * check makes its own call.
     */
    @Override
    public boolean throttlesWithLock(StorageKey lockKey, StorageKey bucket) {
        return !channel.cluster()
                || SlotHash.getSlot(lockKey(lockKey)) == SlotHash.getSlot(locks.bucketKey(bucket));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here one script: the rate-limit step, then (if admitted) the lock and the records. Where
     * {@link #throttlesWithLock} says {@code false} (a bucket in another Cluster slot), the step is
     * one call of its own before the script.
     */
    @Override
    public LockAttempt lockAndLoad(StorageKey lockKey, Lease lease, Collection<StorageKey> keys,
            ThrottleRequest throttle) {
        if (throttle != null && !throttlesWithLock(lockKey, throttle.bucket())) {
            return ThrottleStorage.super.lockAndLoad(lockKey, lease, keys, throttle);
        }
        return locks.lockAndLoad(lockKey, lease, keys, throttle);
    }

    @Override
    public boolean renewLock(StorageKey lockKey, Lease lease) {
        return locks.renew(lockKey, lease);
    }

    @Override
    public boolean unlock(StorageKey lockKey, Lease lease) {
        return locks.unlock(lockKey, lease);
    }

    String lockKey(StorageKey key) {
        return locks.lockKey(key);
    }

    // ------------------------------------------------------------------ kurigram level

    @Override
    public long increment(String counter, long amount, @Nullable Duration ttl) {
        return counters.increment(counter, amount, ttl);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here one script, one round trip: the bucket is a string at
     * {@code conversation(bucket) + "#t:" + escaped destiny}, in the conversation's slot; it is not a
     * record, so it is never listed, and {@link #clearNamespace} removes it.
     */
    @Override
    public ThrottleResult throttle(StorageKey bucket, Instant now, Duration increment, Duration capacity) {
        return counters.throttle(bucket, now, increment, capacity);
    }

    @Override
    public Stream<StorageKey> listKeys(String pattern) {
        return namespace.listKeys(pattern);
    }

    /** Parses a record key of this namespace, or returns {@code null} for locks, counters and strangers. */
    @Nullable
    StorageKey recordKey(String rendered) {
        return namespace.recordKey(rendered);
    }

    @Override
    public long clearNamespace() {
        return namespace.clear();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here one script on the bot's sorted set in the slot of {@code prefix + "#deadlines"} (its
     * own Cluster slot), one round trip.
     */
    @Override
    public void scheduleDeadline(StorageKey key, Instant at) {
        Objects.requireNonNull(key, "key must not be null");
        deadlines.schedule(key, Objects.requireNonNull(at, "at must not be null"));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here one script: {@code ZRANGEBYSCORE} and a score bump of what it found, atomically.
     */
    @Override
    public List<DueDeadline> claimDue(Instant now, int limit, Duration lease) {
        return claim(null, now, limit, lease);
    }

    @Override
    public List<DueDeadline> claimDue(long botId, Instant now, int limit, Duration lease) {
        return claim(botId, now, limit, lease);
    }

    private List<DueDeadline> claim(Long botId, Instant now, int limit, Duration lease) {
        Objects.requireNonNull(now, "now must not be null");
        Objects.requireNonNull(lease, "lease must not be null");
        if (limit < 1 || lease.toMillis() < 1) {
            throw new IllegalArgumentException("limit must be at least 1 and lease at least 1 ms");
        }
        return deadlines.claim(botId, now, limit, lease);
    }

    @Override
    public boolean cancelDeadline(StorageKey key, @Nullable Instant expected) {
        Objects.requireNonNull(key, "key must not be null");
        return deadlines.cancel(key, expected);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here one {@code SCAN} of the namespace per lookup (of every master on a Cluster); see
     * {@link RedisUserData} for what it costs and finds.
     */
    @Override
    public UserDataStorage userData() {
        return new RedisUserData(this, channel, scan, renderer);
    }

    @Override
    public StorageHealth health() {
        long start = System.nanoTime();
        try {
            String pong = channel.await(channel.commands().ping(), "PING");
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            if (!"PONG".equalsIgnoreCase(pong)) {
                return StorageHealth.down("redis", latency, new FsmException("unexpected PING reply: " + pong));
            }
            return StorageHealth.up("redis", latency);
        }
        catch (RuntimeException ex) {
            return StorageHealth.down("redis", Duration.ofNanos(System.nanoTime() - start), ex);
        }
    }

    @Override
    public void stop() {
        channel.close();
    }

    @Override
    public @Nullable Duration defaultTtl() {
        return settings.defaultTtl();
    }

    // ------------------------------------------------------------------ one-round-trip conveniences

    @Override
    public void setState(StorageKey key, @Nullable String state) {
        updates.run(renderer.render(key), "state", state, false, null, Map.of(), settings.defaultTtl());
    }

    @Override
    public void setData(StorageKey key, Map<String, @Nullable Object> data) {
        updates.run(renderer.render(key), "data", null, false, null, data, settings.defaultTtl());
    }

    @Override
    public Map<String, @Nullable Object> updateData(StorageKey key, Map<String, @Nullable Object> patch) {
        return updates.run(renderer.render(key), "merge", null, false, null, patch, settings.defaultTtl())
                .record().data();
    }

    @Override
    public boolean compareAndSet(StorageKey key, @Nullable String expectedState, @Nullable String newState,
            @Nullable Duration ttl) {
        return updates.run(renderer.render(key), "cas", newState, true, expectedState, Map.of(), ttl).matched();
    }

    @Override
    public boolean delete(StorageKey key) {
        return updates.run(renderer.render(key), "delete", null, false, null, Map.of(), null).matched();
    }
}
