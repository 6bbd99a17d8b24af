package dev.tgfsm.timeout;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.context.UnitOfWork;
import dev.tgfsm.history.HistoryManager;

/**
 * What happens to a conversation whose idle timeout expired. It runs in the conversation's unit of
 * work, opened by the {@link TimeoutScheduler} without an update; its changes are committed with
 * the removal of the deadline, and the text it returns is sent to the chat after the commit.
 */
@FunctionalInterface
public interface ExpiryHandler {

    /**
     * Handles an expiry.
     *
     * @param work the conversation's unit of work; commit is the scheduler's job
     * @param expiredState the state the conversation was in
     * @return the text to send to the chat, or {@code null} for none
     * @throws Exception anything; nothing is committed and the expiry is retried after the claim lease
     */
    @Nullable
    String expire(UnitOfWork work, String expiredState) throws Exception;

    /**
     * The default: clears the state, the data (the flow's or scene's progress with it) and the
     * scene history, and tells the user.
     *
     * @param text what to tell the user, or {@code null} for nothing
     * @return the handler
     */
    static ExpiryHandler clearing(@Nullable String text) {
        return (work, state) -> {
            work.context().clear();
            work.context(HistoryManager.DEFAULT_DESTINY).clear();
            return text;
        };
    }
}
