package dev.tgfsm.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.dispatch.DispatcherHooks;
import dev.tgfsm.dispatch.LockThrottle;
import dev.tgfsm.dispatch.UpdateAudience;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.flow.LibraryText;
import dev.tgfsm.flow.MessageResolver;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.pipeline.Phase;
import dev.tgfsm.pipeline.UpdateMiddleware;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.CounterStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.ThrottleRequest;
import dev.tgfsm.storage.ThrottleResult;
import dev.tgfsm.storage.ThrottleStorage;

/**
 * The pipeline's rate-limit step, run before the conversation is locked: it checks a
 * {@link RateLimiter} and drops throttled updates, so that a throttled update costs the one check
 * and nothing more (no lock, no load, no commit). When the update takes its conversation's lock in
 * the limiter's storage, nothing else runs before the lock (every
 * {@link Phase#BEFORE_LOCK} middleware {@linkplain UpdateMiddleware#passesOn
 * only passes the update on}), the algorithm is
 * {@link RateLimitAlgorithm#GCRA} and the storage {@linkplain ThrottleStorage#throttlesWithLock checks a
 * bucket with the lock} (Redis, with the bucket in the conversation's Cluster slot), the step hands
 * its check to the lock request ({@link DispatcherHooks#throttleWithLock}): the check and the lock
 * then cost one round trip, and a throttled update takes no lock and loads nothing. Without the
 * lock, a storage that {@linkplain ThrottleStorage#throttlesWithLoad checks a bucket with the load} (SQL)
 * gets the check in the unit of work's first load likewise. The decision,
 * notice, listener and failure mode are the same either way. The bucket carries the bot id of the update's key.
 * The throttled user gets the configured notice at most once per period and bucket (a second
 * counter in the storage, touched only when throttled, and only once per period and bucket by each
 * instance: after it this instance remembers the notice until the period is over); the decision is stored as an attribute
 * ({@link #DECISION_ATTRIBUTE}) of the update for handlers that want {@code retryAfter} or
 * {@code remaining}. Updates without a sender (channel posts without chat, polls) pass unchecked; the
 * notice goes only to updates the bot may answer ({@link UpdateAudience#isAnswerable}), never into a
 * channel or for a reaction.
 *
 * <p>The starter builds it from {@code tgfsm.rate-limit.*}; without Spring, create it and plug it in as
 * {@code UpdatePipeline.builder().rateLimit(handler::handle)}.
 */
public final class RateLimitingHandler {

    /** The update attribute holding the {@link RateLimiter.Decision} of the check. */
    public static final String DECISION_ATTRIBUTE = RateLimitingHandler.class.getName() + ".decision";

    /** The most noticed buckets remembered; beyond it the storage counter decides alone. */
    private static final int MAX_REMEMBERED = 10_000;

    private static final Logger log = LoggerFactory.getLogger(RateLimitingHandler.class);

    private final RateLimiter limiter;

    private final FsmStorage storage;

    private final ThrottleStorage throttles;

    private final @Nullable CounterStorage counters;

    private final @Nullable ThrottleNotifier notifier;

    private final RateLimitListener listener;

    private volatile MessageResolver messages = MessageResolver.english();

    /** Buckets this instance noticed, with the epoch millisecond until which no notice is due. */
    private final Map<StorageKey, Long> noticed = new ConcurrentHashMap<>();

    /**
     * Creates the middleware.
     *
     * @param limiter the limit
     * @param storage the storage of the limiter, for the once-per-period notice counter
     * @param notifier sends the notice, or {@code null} for none
     * @param listener told of every decision, or {@code null}
     * @throws dev.tgfsm.storage.MissingCapabilityException if there are a notifier and a notice text
     *         but the storage has no {@link CounterStorage} for the notice counter
     */
    public RateLimitingHandler(RateLimiter limiter, FsmStorage storage, @Nullable ThrottleNotifier notifier,
            @Nullable RateLimitListener listener) {
        this.limiter = Objects.requireNonNull(limiter, "limiter must not be null");
        this.storage = Objects.requireNonNull(storage, "storage must not be null");
        this.throttles = ThrottleStorage.of(storage);
        this.counters = notifier == null || limiter.config().noticeText() == null ? null
                : FsmStorage.require(storage, CounterStorage.class, "the notice of the rate limit "
                        + limiter.config().name() + " (tgfsm.rate-limit.notice-text; blank switches it off)");
        this.notifier = notifier;
        this.listener = listener != null ? listener : RateLimitListener.NONE;
    }

    /**
     * Sets how the notice is put in the user's language: Telegram's {@code language_code} of the
     * sender (a throttled update loads nothing, so not the preference), else the resolver's default.
     * English by default.
     *
     * @param resolver the resolver
     */
    public void setMessages(MessageResolver resolver) {
        this.messages = Objects.requireNonNull(resolver, "resolver must not be null");
    }

    /**
     * Runs this step of the {@link UpdatePipeline} (plugged in as {@code rateLimitingHandler::handle}).
     *
     * @param update the update
     * @param next the rest of the pipeline
     * @throws Exception what the rest of the pipeline threw
     */
    public void handle(UpdateContext update, UpdateHandler next) throws Exception {
        if (update.identity().isEmpty()) {
            next.handle(update);
            return;
        }
        StorageKey bucket = limiter.bucket(update.key().botId(), update.identity().get());
        if (DispatcherHooks.canThrottleWithLock(update, storage) ? throttles.throttlesWithLock(update.key(), bucket)
                : DispatcherHooks.canThrottleWithLoad(update, storage)
                        && throttles.throttlesWithLoad(update.key(), bucket)) {
            ThrottleRequest request = limiter.throttleRequest(bucket);
            if (request != null) {
                DispatcherHooks.throttleWithLock(update, new RidingCheck(bucket, request));
                next.handle(update);
                return;
            }
        }
        if (decided(update, bucket, limiter.tryAcquire(bucket))) {
            next.handle(update);
        }
    }

    /**
     * Records a decision on the update, tells the listener, and sends the notice of a refusal.
     *
     * @return {@code true} if the update goes on
     */
    private boolean decided(UpdateContext update, StorageKey bucket, RateLimiter.Decision decision) {
        update.attribute(DECISION_ATTRIBUTE, decision);
        if (decision.allowed()) {
            listener.allowed(update, decision);
            return true;
        }
        boolean notified = notify(update, bucket, decision);
        log.debug("Dropped update {} of {}: retry after {}", update.update().getUpdateId(), bucket,
                decision.retryAfter());
        listener.throttled(update, decision, notified);
        return false;
    }

    /** The check of one update riding in its lock request: decided as if it had run here. */
    private final class RidingCheck implements LockThrottle {

        private final StorageKey bucket;

        private final ThrottleRequest request;

        RidingCheck(StorageKey bucket, ThrottleRequest request) {
            this.bucket = bucket;
            this.request = request;
        }

        @Override
        public ThrottleRequest request() {
            return request;
        }

        @Override
        public boolean decided(UpdateContext update, ThrottleResult result) {
            return RateLimitingHandler.this.decided(update, bucket, limiter.decision(request, result));
        }

        @Override
        public boolean unavailable(UpdateContext update, StorageUnavailableException failure) {
            return RateLimitingHandler.this.decided(update, bucket, limiter.unavailable(failure));
        }
    }

    private boolean notify(UpdateContext update, StorageKey bucket, RateLimiter.Decision decision) {
        String text = limiter.config().noticeText();
        CounterStorage counters = this.counters;
        if (notifier == null || text == null || counters == null || decision.degraded()
                || !UpdateAudience.isAnswerable(update.update())) {
            return false;
        }
        long now = limiter.clock().millis();
        Long until = noticed.get(bucket);
        if (until != null && now < until) {
            return false;
        }
        try {
            Duration period = limiter.config().period();
            String counter = "{" + bucket.botId() + ":" + bucket.chatId() + ":" + bucket.userId() + "}:"
                    + bucket.destiny() + ":notice";
            long count = counters.increment(counter, 1, period);
            remember(bucket, now + period.toMillis(), now);
            if (count != 1) {
                return false;
            }
            long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
            String localised = messages.configured(messages.localeOfSender(update.update()), LibraryText.RATE_LIMITED,
                    text, seconds);
            notifier.notify(update, decision, localised.replace("{seconds}", Long.toString(seconds)));
            return true;
        }
        catch (StorageUnavailableException ex) {
            log.warn("Rate-limit notice skipped, storage down: {}", ex.getMessage());
            return false;
        }
        catch (Exception ex) {
            log.warn("Rate-limit notice failed: {}", ex.toString());
            return false;
        }
    }

    /** Remembers a noticed bucket; forgets those whose period is over when the table grows large. */
    private void remember(StorageKey bucket, long until, long now) {
        if (noticed.size() >= MAX_REMEMBERED) {
            noticed.values().removeIf(at -> at <= now);
            if (noticed.size() >= MAX_REMEMBERED) {
                noticed.clear();
            }
        }
        noticed.put(bucket, until);
    }
}
