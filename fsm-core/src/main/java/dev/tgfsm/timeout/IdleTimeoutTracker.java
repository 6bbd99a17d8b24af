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
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.flow.MessageResolver;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.FsmStorage;

/**
 * The pipeline's idle-timeout step: it keeps each conversation's idle deadline: after the rest of the
 * pipeline, if the
 * state is covered by a timeout ({@link TimeoutPolicy}), the deadline moves to now plus the idle
 * time, in the same commit as the update (sliding); if it is not covered, the deadline is removed.
 * A handler that throws changes nothing.
 *
 * <h2>Cost</h2>
 * The deadline is refreshed when the update changed something anyway, or when the stored deadline
 * is missing, already warned, or more than half used up; so a read-only update adds no write most
 * of the time. The storage's deadline index is changed only when the conversation's next event is
 * earlier than the time the index already holds: the index may run early, never late, and the
 * {@link TimeoutScheduler} moves an early entry to the real deadline when it comes up. The change
 * rides in the update's commit ({@link FsmTransaction#scheduleDeadline}): on a storage that
 * {@linkplain DeadlineIndex#commitsDeadlines commits deadlines} (memory, JDBC, standalone Redis) it
 * is applied in the same atomic write as the record and costs no extra round trip; elsewhere it is
 * one separate call just before the commit. A sliding deadline therefore touches the index once
 * per idle period, not once per update, and never with a call of its own where deadlines commit.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class IdleTimeoutTracker {

    private final TimeoutPolicy policy;

    private final FsmStorage storage;

    private final Clock clock;

    /**
     * Creates the tracker.
     *
     * @param policy which states time out after how long
     * @param storage holds the deadline index (kept for compatibility: the deadline rides in the
     *        unit of work's commit)
     * @param clock the time
     */
    public IdleTimeoutTracker(TimeoutPolicy policy, FsmStorage storage, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy must not be null");
        this.storage = Objects.requireNonNull(storage, "storage must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /**
     * Runs this step of the {@link UpdatePipeline} (plugged in as {@code idleTimeoutTracker::handle}).
     *
     * @param update the update
     * @param next the rest of the pipeline
     * @throws Exception what the rest of the pipeline threw
     */
    public void handle(UpdateContext update, UpdateHandler next) throws Exception {
        next.handle(update);
        if (update.hasConversation()) {
            track(FsmTransactions.of(update.transaction()), update.key().chatId(),
                    MessageResolver.languageCodeOf(update.update()));
        }
    }

    /**
     * Tells whether any state can time out; when none can, the pipeline leaves this step out.
     *
     * @return {@code true} if the policy covers some state
     */
    public boolean coversAnything() {
        return policy.coversAnything();
    }

    /**
     * Updates the deadline of a conversation from its current state, as after an update; for code
     * that changes a conversation's state outside the dispatcher.
     *
     * @param tx the unit of work, not yet committed
     * @param chatId the chat that warning and expiry messages go to
     */
    public void track(FsmTransaction tx, long chatId) {
        IdleDeadline current = IdleDeadline.read(tx.context());
        track(tx, chatId, current == null ? null : current.language());
    }

    /**
     * Updates the deadline of a conversation from its current state, remembering the user's
     * language for the warning and expiry texts.
     *
     * @param tx the unit of work, not yet committed
     * @param chatId the chat that warning and expiry messages go to
     * @param languageCode Telegram's language code of the user, or {@code null}
     */
    public void track(FsmTransaction tx, long chatId, @Nullable String languageCode) {
        FsmContext context = tx.context();
        Duration idle = policy.idleFor(context.getState());
        IdleDeadline current = IdleDeadline.read(context);
        if (idle == null) {
            if (current != null) {
                IdleDeadline.remove(context);
            }
            return;
        }
        long now = clock.millis();
        boolean refresh = tx.isDirty() || current == null || current.warned() || current.idleMillis() != idle.toMillis()
                || current.at() - now < idle.toMillis() / 2
                || (languageCode != null && !languageCode.equals(current.language()));
        if (!refresh) {
            return;
        }
        IdleDeadline next = new IdleDeadline(now + idle.toMillis(), chatId, idle.toMillis(), false,
                current == null ? null : current.indexed(), languageCode);
        long event = next.nextEvent(policy.config());
        if (next.indexed() == null || event < next.indexed()) {
            tx.scheduleDeadline(Instant.ofEpochMilli(event));
            next = next.withIndexed(event);
        }
        next.write(context);
    }
}
