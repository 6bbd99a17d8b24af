package dev.tgfsm.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.key.UpdateIdentity;
import dev.tgfsm.storage.CounterStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageBusyException;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.ThrottleResult;
import dev.tgfsm.storage.ThrottleStorage;

/**
 * A rate limit kept in a {@link FsmStorage}, so that every bot instance sharing the storage shares
 * the limit. With {@link RateLimitAlgorithm#GCRA} a check is one {@link ThrottleStorage#throttle}
 * call (one round trip on Redis); with {@link RateLimitAlgorithm#FIXED_WINDOW} it is one
 * {@link CounterStorage#increment} on a counter per aligned window. Both are exact under concurrency:
 * however many threads and instances ask, no more permits are granted than the limit allows.
 *
 * <p>Buckets are storage keys in the destiny {@code rl:<name>}; {@link #bucket} derives them from
 * the configured scope. Usable directly for custom limits (per command, per feature) with
 * {@link #tryAcquire(StorageKey)} or {@link #tryAcquire(long, String)}. When the storage is down
 * the answer follows {@link RateLimitConfig#failureMode()}. Thread-safe.
 */
public final class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    private final ThrottleStorage throttles;

    private final @Nullable CounterStorage counters;

    private final RateLimitConfig config;

    private final Clock clock;

    /**
     * Creates a limiter.
     *
     * @param storage where the limits are kept
     * @param config the limit
     * @param clock the time source; use the storage's clock
     * @throws dev.tgfsm.storage.MissingCapabilityException if the algorithm is
     *         {@link RateLimitAlgorithm#FIXED_WINDOW} and the storage has no {@link CounterStorage}
     */
    public RateLimiter(FsmStorage storage, RateLimitConfig config, Clock clock) {
        Objects.requireNonNull(storage, "storage must not be null");
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.throttles = ThrottleStorage.of(storage);
        this.counters = config.algorithm() == RateLimitAlgorithm.GCRA ? null
                : FsmStorage.require(storage, CounterStorage.class, "the fixed-window rate limit "
                        + config.name() + " (tgfsm.rate-limit.algorithm=fixed-window)");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    public RateLimitConfig config() {
        return config;
    }

    /**
     * Returns the time source.
     *
     * @return the clock
     */
    Clock clock() {
        return clock;
    }

    /**
     * Returns the bucket that an update from someone counts against, by the configured scope:
     * the user (across chats), the chat, or the whole bot.
     *
     * @param botId the bot
     * @param identity who sent the update and where
     * @return the bucket
     */
    public StorageKey bucket(long botId, UpdateIdentity identity) {
        Objects.requireNonNull(identity, "identity must not be null");
        Long user = identity.userId() != null ? identity.userId() : identity.chatId();
        Long chat = identity.chatId() != null ? identity.chatId() : identity.userId();
        return switch (config.scope()) {
            case USER -> bucketKey(botId, user);
            case CHAT -> bucketKey(botId, chat);
            case GLOBAL -> bucketKey(botId, 0);
        };
    }

    private StorageKey bucketKey(long botId, long subject) {
        return new StorageKey(botId, subject, subject, null, null, "rl:" + config.name());
    }

    /**
     * Takes one permit for a custom subject (a user id, a chat id, 0 for the whole bot).
     *
     * @param botId the bot
     * @param subject what the limit counts
     * @return the decision
     */
    public Decision tryAcquire(long botId, long subject) {
        return tryAcquire(bucketKey(botId, subject));
    }

    /**
     * Takes one permit for a custom subject named by text (for example {@code "export:" + userId}).
     *
     * @param botId the bot
     * @param subject what the limit counts, not blank
     * @return the decision
     */
    public Decision tryAcquire(long botId, String subject) {
        return tryAcquire(textBucket(botId, subject));
    }

    /**
     * Returns the key of the bucket of a subject named by text: a bot-wide key whose destiny is
     * {@code rl:<limit>:<subject>}, so nothing in it says which user it belongs to (name it to
     * {@code Privacy.setTextSubjects} when it is a user's).
     *
     * @param botId the bot
     * @param subject what the limit counts
     * @return the bucket's key
     */
    public StorageKey textBucket(long botId, String subject) {
        Objects.requireNonNull(subject, "subject must not be null");
        return new StorageKey(botId, 0, 0, null, null, "rl:" + config.name() + ":" + subject);
    }

    /**
     * Takes one permit from a bucket, atomically.
     *
     * @param bucket the bucket, for example from {@link #bucket}
     * @return the decision; when the storage is down or too busy to count
     *         ({@link StorageBusyException}), allowed or refused by the failure mode and marked
     *         {@linkplain Decision#degraded() degraded}
     */
    public Decision tryAcquire(StorageKey bucket) {
        Objects.requireNonNull(bucket, "bucket must not be null");
        Instant now = clock.instant();
        try {
            if (config.algorithm() == RateLimitAlgorithm.GCRA) {
                ThrottleRequest request = gcraStep(bucket, now);
                return decision(request, throttles.throttle(bucket, now, request.increment(), request.capacity()));
            }
            return window(bucket, now);
        }
        catch (StorageUnavailableException ex) {
            return unavailable(ex);
        }
        catch (StorageBusyException ex) {
            return degraded("the storage is too busy to count", ex);
        }
    }

    /**
     * Returns the storage step that takes one permit from a bucket, for a caller that runs it
     * together with other work ({@link ThrottleStorage#lockAndLoad(StorageKey, dev.tgfsm.storage.Lease,
     * java.util.Collection, ThrottleRequest)}), or {@code null} when the algorithm has no such single
     * step ({@link RateLimitAlgorithm#FIXED_WINDOW}: use {@link #tryAcquire(StorageKey)}).
     *
     * @param bucket the bucket
     * @return the step, dated now, or {@code null}
     */
    public ThrottleRequest throttleRequest(StorageKey bucket) {
        Objects.requireNonNull(bucket, "bucket must not be null");
        return config.algorithm() == RateLimitAlgorithm.GCRA ? gcraStep(bucket, clock.instant()) : null;
    }

    private ThrottleRequest gcraStep(StorageKey bucket, Instant now) {
        Duration interval = config.emissionInterval();
        return new ThrottleRequest(bucket, now, interval, interval.multipliedBy(config.burst()));
    }

    /**
     * Returns what the storage's answer to a {@link #throttleRequest} means.
     *
     * @param request the step
     * @param result the storage's answer
     * @return the decision
     */
    public Decision decision(ThrottleRequest request, ThrottleResult result) {
        Duration interval = request.increment();
        Duration capacity = request.capacity();
        Duration ahead = Duration.between(request.now(), result.theoreticalArrival());
        if (result.admitted()) {
            long remaining = capacity.minus(ahead).toNanos() / interval.toNanos();
            return new Decision(true, Duration.ZERO, remaining, false);
        }
        Duration retryAfter = ahead.plus(interval).minus(capacity);
        return new Decision(false, retryAfter.isNegative() ? Duration.ZERO : retryAfter, 0, false);
    }

    /**
     * Returns the decision when the storage could not be reached: allowed or refused by the
     * {@linkplain RateLimitConfig#failureMode() failure mode}, marked degraded.
     *
     * @param failure why the storage could not be reached
     * @return the decision
     */
    public Decision unavailable(StorageUnavailableException failure) {
        return degraded("cannot reach the storage", failure);
    }

    /** The decision by the failure mode, marked degraded, when the storage gave no answer. */
    private Decision degraded(String why, RuntimeException failure) {
        boolean open = config.failureMode() == RateLimitFailureMode.OPEN;
        log.warn("Rate limit {} {}; failing {}: {}", config.name(), why, open ? "open" : "closed",
                failure.getMessage());
        return new Decision(open, open ? Duration.ZERO : config.emissionInterval(), 0, true);
    }

    private Decision window(StorageKey bucket, Instant now) {
        long periodMillis = config.period().toMillis();
        long index = now.toEpochMilli() / periodMillis;
        Duration left = Duration.ofMillis((index + 1) * periodMillis - now.toEpochMilli());
        String counter = "{" + bucket.botId() + ":" + bucket.chatId() + ":" + bucket.userId() + "}:"
                + bucket.destiny() + ":" + index;
        long count = Objects.requireNonNull(counters, "counters").increment(counter, 1, left);
        if (count <= config.limitForPeriod()) {
            return new Decision(true, Duration.ZERO, config.limitForPeriod() - count, false);
        }
        return new Decision(false, left, 0, false);
    }

    /**
     * What a check decided.
     *
     * @param allowed whether the permit was granted
     * @param retryAfter how long until a permit could be granted; zero when allowed
     * @param remaining how many more permits could be granted right now
     * @param degraded {@code true} if the storage was down and the failure mode decided
     */
    public record Decision(boolean allowed, Duration retryAfter, long remaining, boolean degraded) {

        /**
         * Validates the decision.
         *
         * @param allowed whether the permit was granted
         * @param retryAfter how long until a permit could be granted, {@link Duration#ZERO} when allowed, not {@code null}
         * @param remaining how many more permits could be granted right now
         * @param degraded {@code true} if the storage was down and the failure mode decided
         */
        public Decision {
            Objects.requireNonNull(retryAfter, "retryAfter must not be null");
        }
    }
}
