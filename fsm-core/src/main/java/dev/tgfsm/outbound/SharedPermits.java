package dev.tgfsm.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.botapimethods.PartialBotApiMethod;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

import dev.tgfsm.storage.StorageUnavailableException;

/**
 * The {@link OutboundLimiter}'s buckets: those of the {@link PermitStore} that every instance shares,
 * and, while that store does not answer, buckets in this process's memory (unless the
 * {@linkplain FloodFailureMode failure mode} holds the calls instead). Books the buckets a
 * {@code 429 Too Many Requests} names up to its {@code retry_after}. Thread-safe.
 */
final class SharedPermits {

    private static final Logger log = LoggerFactory.getLogger(OutboundLimiter.class);

    private final PermitStore store;

    private final InMemoryPermitStore local = new InMemoryPermitStore();

    private volatile boolean degraded;

    SharedPermits(PermitStore store) {
        this.store = Objects.requireNonNull(store, "store must not be null");
    }

    /** The {@code retry_after} of a {@code 429 Too Many Requests} (1 s when it names none), or {@code null} for another answer. */
    static @Nullable Duration retryAfter(TelegramApiRequestException answer) {
        Integer code = answer.getErrorCode();
        if (code == null || code != 429) {
            return null;
        }
        Integer seconds = answer.getParameters() != null ? answer.getParameters().getRetryAfter() : null;
        return Duration.ofSeconds(seconds != null ? Math.max(0, seconds) : 1);
    }

    /**
     * Books the buckets behind a {@code 429}: the call's chat bucket and, for a group or channel, its
     * per-minute bucket (for a call without a chat, the global bucket), each to resume at its
     * sustained rate after {@code retryAfter}.
     */
    void tooManyRequests(long bot, FloodControlConfig limits, PartialBotApiMethod<?> method, Duration retryAfter,
            Instant now) {
        if (!limits.enabled()) {
            return;
        }
        String chat = CallBuckets.chatOf(method);
        if (chat == null) {
            hold(bot, "g", limits.global(), retryAfter, now);
            return;
        }
        hold(bot, "c:" + chat, limits.chat(), retryAfter, now);
        if (CallBuckets.isGroup(chat)) {
            // Telegram's per-minute limit of the group is the likelier cause: it resumes at its sustained rate
            hold(bot, "m:" + chat, limits.group(), retryAfter, now);
        }
    }

    /** Books a bucket so that it grants nothing before {@code now + retryAfter}, then only at its sustained rate. */
    private void hold(long bot, String id, FloodLimit limit, Duration retryAfter, Instant now) {
        Bucket bucket = new Bucket(id, limit.interval(), limit.tolerance());
        Instant until = now.plus(retryAfter).plus(limit.tolerance()).minus(limit.interval());
        try {
            store.hold(bot, bucket, until, now);
        }
        catch (StorageUnavailableException ex) {
            local.hold(bot, bucket, until, now);
        }
    }

    /**
     * Takes a permit from each bucket if all grant one now.
     *
     * @return zero when granted, else how long until they might be
     * @throws StorageUnavailableException if the store is down and the failure mode is
     *         {@link FloodFailureMode#HOLD}
     */
    Duration tryAcquire(long bot, FloodControlConfig limits, List<Bucket> buckets, Instant now) {
        try {
            Duration wait = store.tryAcquire(bot, buckets, now);
            if (degraded) {
                degraded = false;
                log.info("Outbound flood control reaches its store again; limits are shared again");
            }
            return wait;
        }
        catch (StorageUnavailableException ex) {
            if (limits.failureMode() == FloodFailureMode.HOLD) {
                throw ex;
            }
            if (!degraded) {
                degraded = true;
                log.warn("Outbound flood control cannot reach its store; limiting in this process only until it"
                        + " answers: {}", ex.getMessage());
            }
            return local.tryAcquire(bot, buckets, now);
        }
    }
}
