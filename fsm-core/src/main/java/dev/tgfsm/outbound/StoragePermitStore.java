package dev.tgfsm.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.tgfsm.Internal;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.ThrottleResult;
import dev.tgfsm.storage.ThrottleStorage;

/**
 * A {@link PermitStore} on any {@link FsmStorage}, through its atomic {@link ThrottleStorage#throttle}: the
 * store of the SQL backends. A request first reads every bucket (a throttle step that cannot admit,
 * one statement on SQL) and, if all of them have room, takes them one throttle call each, from the last
 * given to the first (the chat's before the bot's, so that a chat sending too fast spends nothing of
 * the global limit). When another instance takes the room of a later bucket between the read and the
 * take, the permits already taken from the earlier ones are spent all the same: the limits are never
 * exceeded across instances, but under contention slightly fewer permits may be granted than they
 * allow. A {@linkplain #hold hold} (a {@code 429}'s pause) is one throttle call too, so it pauses the
 * bucket for every instance.
 *
 * <p>Buckets are storage keys of their bot, chat and user 0, in the destiny
 * {@code flood:<bucket id>}; they are not conversations, so no background job lists them.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class StoragePermitStore implements PermitStore {

    private static final Duration MICRO = Duration.ofNanos(1_000);

    private static final Duration PEEK = MICRO.multipliedBy(2);

    private final ThrottleStorage storage;

    /**
     * Creates the store.
     *
     * @param storage where the buckets are kept
     */
    public StoragePermitStore(FsmStorage storage) {
        this.storage = ThrottleStorage.of(Objects.requireNonNull(storage, "storage must not be null"));
    }

    @Override
    public Duration tryAcquire(long bot, List<Bucket> buckets, Instant now) {
        Duration wait = Duration.ZERO;
        for (Bucket bucket : buckets) {
            // a throttle step that cannot admit (increment over capacity) only reads the bucket's TAT
            ThrottleResult peek = storage.throttle(key(bot, bucket), now, PEEK, MICRO);
            Duration bucketWait = wait(bucket, peek, now);
            if (bucketWait.compareTo(wait) > 0) {
                wait = bucketWait;
            }
        }
        if (!wait.isZero()) {
            return wait;
        }
        for (int i = buckets.size() - 1; i >= 0; i--) {
            Bucket bucket = buckets.get(i);
            ThrottleResult result = storage.throttle(key(bot, bucket), now, bucket.interval(), bucket.tolerance());
            if (!result.admitted()) {
                Duration left = wait(bucket, result, now);
                return left.isZero() ? MICRO : left;
            }
        }
        return Duration.ZERO;
    }

    /** How long until a bucket whose TAT a refused step returned grants a permit; zero if now. */
    private static Duration wait(Bucket bucket, ThrottleResult refused, Instant now) {
        Duration wait = Duration.between(now, refused.theoreticalArrival()).plus(bucket.interval())
                .minus(bucket.tolerance());
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here one throttle call as of {@code until - 1 µs} with an increment of 1 µs: a TAT before
     * {@code until} becomes {@code until}, a later one moves by 1 µs at most (or not at all when it is
     * more than the capacity {@code until - now + tolerance} ahead), and the bucket is kept at least
     * until {@code until + tolerance}.
     */
    @Override
    public void hold(long bot, Bucket bucket, Instant until, Instant now) {
        Duration ahead = Duration.between(now, until);
        if (ahead.isNegative() || ahead.isZero()) {
            return;
        }
        storage.throttle(key(bot, bucket), until.minus(MICRO), MICRO, ahead.plus(bucket.tolerance()));
    }

    private static StorageKey key(long bot, Bucket bucket) {
        return new StorageKey(bot, 0, 0, null, null, "flood:" + bucket.id());
    }
}
