package dev.tgfsm.dispatch;

import org.jspecify.annotations.Nullable;

/**
 * Work on one conversation from outside an update (a scheduler, a payment webhook, an admin
 * action), run by {@link UpdateDispatcher#submitWork} in the conversation's turn and unit of work.
 * It is handed an {@link UpdateContext} of the conversation whose update is empty (no id, no
 * message): everything that takes an update's context ({@code FlowEngine.start},
 * {@code SceneNavigator.enter}, a {@code Messenger}) works with it, and whatever it changes and queues is
 * committed once, atomically, after it returns.
 *
 * <p>When another writer changed the record first, the work is run again on a fresh unit of work,
 * so it must only change the conversation and queue Bot API calls in its outbox, never send them
 * itself nor change anything else.
 *
 * <p>Part of the API: what an application hands to {@code Conversation.run} (or
 * {@link UpdateDispatcher#submitWork}) to work on a conversation from outside an update.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface ConversationWork<T> {

    /**
     * Does the work.
     *
     * @param conversation the conversation's context, inside its unit of work
     * @return the result handed to the caller, or {@code null}
     * @throws Exception anything; nothing of the work is then committed
     */
    @Nullable
    T run(UpdateContext conversation) throws Exception;
}
