package dev.tgfsm.timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.Internal;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.context.SessionMetadata;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.pipeline.Phase;
import dev.tgfsm.pipeline.UpdateMiddleware;

/**
 * Tells a user whose conversation expired while nothing could tell them (the bot was down when
 * its idle deadline passed, or only a record TTL is set and no scheduler runs) that it expired,
 * on their next message, before that message is handled as the start of a fresh conversation.
 * It runs right after the load ({@link Phase#AFTER_LOAD}) and costs no round trip: everything it
 * needs is in the loaded main record.
 *
 * <ul>
 * <li><b>Idle timeouts</b>: the record carries its idle deadline ({@link IdleTimeoutTracker}); a
 * conversation in a state whose deadline is past is expired here exactly as the
 * {@link TimeoutScheduler} would: through the same {@link ExpiryHandler}, with the same text,
 * and the deadline is removed, so the scheduler finds nothing left to expire (and the other way
 * round: a conversation the scheduler expired first has no deadline left). Exactly once.</li>
 * <li><b>Record TTL only</b> ({@code ttl} here): every backend stamps a record's last write
 * ({@link SessionMetadata#lastActivity()}), the same instant its TTL slides from;
 * a conversation in a state last written longer than the TTL ago is expired the same way. The
 * storage must keep records somewhat longer than this TTL (a grace the starter adds to
 * {@code tgfsm.ttl}), or the record is gone before the user writes again and the fresh start is
 * silent.</li>
 * </ul>
 *
 * A conversation without a state has nothing to expire and is never told. Thread-safe.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class ExpiryNotice implements UpdateMiddleware {

    private final ExpiryHandler expiry;

    private final Clock clock;

    private final @Nullable Duration ttl;

    /**
     * Creates the step.
     *
     * @param expiry what an expiry does and says (the scheduler's)
     * @param clock the time
     * @param ttl the time after the last write at which a conversation counts as expired, or
     *        {@code null} to check only idle deadlines
     */
    public ExpiryNotice(ExpiryHandler expiry, Clock clock, @Nullable Duration ttl) {
        this.expiry = Objects.requireNonNull(expiry, "expiry must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("ttl must be positive or null, was " + ttl);
        }
        this.ttl = ttl;
    }

    @Override
    public Phase phase() {
        return Phase.AFTER_LOAD;
    }

    @Override
    public void handle(UpdateContext update, UpdateHandler next) throws Exception {
        if (!update.hasConversation()) {
            next.handle(update);
            return;
        }
        FsmTransaction tx = FsmTransactions.of(update.transaction());
        FsmContext context = tx.context();
        long now = clock.millis();
        String state = context.getState();
        if (state != null && expired(context, now)) {
            String text = expiry.expire(tx, state);
            IdleDeadline.remove(context);
            if (text != null && !text.isBlank()) {
                ChatNotifier.send(tx, update.key(), update.key().chatId(), text);
            }
        }
        next.handle(update);
    }

    private boolean expired(FsmContext context, long now) {
        IdleDeadline deadline = IdleDeadline.read(context);
        if (deadline != null && deadline.at() <= now) {
            return true;
        }
        Instant written = ttl == null ? null : context.session().lastActivity();
        return written != null && written.toEpochMilli() + ttl.toMillis() <= now;
    }
}
