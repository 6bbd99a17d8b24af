package dev.tgfsm.ratelimit;

import java.time.Duration;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.dispatch.UpdateAudience;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageUnavailableException;

/**
 * Update middleware: an {@link UpdateHandler} that checks a {@link RateLimiter} before the next
 * handler and drops throttled updates (the next handler never sees them and nothing is committed
 * for them). The throttled user gets the configured notice at most once per period and bucket (a
 * second counter, touched only when throttled); the decision is stored as an attribute
 * ({@link #DECISION_ATTRIBUTE}) of the update for handlers that want {@code retryAfter} or
 * {@code remaining}. Updates without a sender (channel posts without chat, polls) pass unchecked; the
 * notice goes only to updates the bot may answer ({@link UpdateAudience#isAnswerable}), never into a
 * channel or for a reaction.
 */
public final class RateLimitingHandler implements UpdateHandler {

    /** The update attribute holding the {@link RateLimiter.Decision} of the check. */
    public static final String DECISION_ATTRIBUTE = RateLimitingHandler.class.getName() + ".decision";

    private static final Logger log = LoggerFactory.getLogger(RateLimitingHandler.class);

    private final RateLimiter limiter;

    private final FsmStorage storage;

    private final long botId;

    private final UpdateHandler next;

    private final ThrottleNotifier notifier;

    private final RateLimitListener listener;

    /**
     * Creates the middleware.
     *
     * @param limiter the limit
     * @param storage the storage of the limiter, for the once-per-period notice counter
     * @param botId the bot, part of every bucket
     * @param next the handler for updates let through
     * @param notifier sends the notice, or {@code null} for none
     * @param listener told of every decision, or {@code null}
     */
    public RateLimitingHandler(RateLimiter limiter, FsmStorage storage, long botId, UpdateHandler next,
            ThrottleNotifier notifier, RateLimitListener listener) {
        this.limiter = Objects.requireNonNull(limiter, "limiter must not be null");
        this.storage = Objects.requireNonNull(storage, "storage must not be null");
        this.botId = botId;
        this.next = Objects.requireNonNull(next, "next must not be null");
        this.notifier = notifier;
        this.listener = listener != null ? listener : RateLimitListener.NONE;
    }

    @Override
    public void handle(UpdateContext update) throws Exception {
        if (update.identity().isEmpty()) {
            next.handle(update);
            return;
        }
        StorageKey bucket = limiter.bucket(botId, update.identity().get());
        RateLimiter.Decision decision = limiter.tryAcquire(bucket);
        update.attribute(DECISION_ATTRIBUTE, decision);
        if (decision.allowed()) {
            listener.allowed(update, decision);
            next.handle(update);
            return;
        }
        boolean notified = notify(update, bucket, decision);
        log.debug("Dropped update {} of {}: retry after {}", update.update().getUpdateId(), bucket, decision.retryAfter());
        listener.throttled(update, decision, notified);
    }

    private boolean notify(UpdateContext update, StorageKey bucket, RateLimiter.Decision decision) {
        String text = limiter.config().noticeText();
        if (notifier == null || text == null || decision.degraded() || !UpdateAudience.isAnswerable(update.update())) {
            return false;
        }
        try {
            Duration period = limiter.config().period();
            String counter = "{" + bucket.botId() + ":" + bucket.chatId() + ":" + bucket.userId() + "}:"
                    + bucket.destiny() + ":notice";
            if (storage.increment(counter, 1, period) != 1) {
                return false;
            }
            long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
            notifier.notify(update, decision, text.replace("{seconds}", Long.toString(seconds)));
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
}
