package dev.tgfsm.context;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.Outbox;

/**
 * The unit of work of one conversation, as bot code sees it: its contexts and scoped data, whose
 * changes are buffered, the outbox of Bot API calls sent after the commit, and work to run once the
 * commit succeeded. Loading, committing and closing are the engine's: a handler gets it through
 * {@code UpdateContext.transaction()} (or the starter's {@code Director.transaction()}), an
 * {@code ExpiryHandler} as its argument, and code outside updates through
 * {@link FsmContexts#inTransaction}, which commits it.
 *
 * <p>Sealed: the engine's own unit of work is its only implementation.
 */
public sealed interface UnitOfWork permits FsmTransaction {

    /**
     * Returns the conversation's key in the default destiny.
     *
     * @return the key
     */
    StorageKey key();

    /**
     * Returns the context of the conversation's main slot.
     *
     * @return the context
     */
    FsmContext context();

    /**
     * Returns the context of another slot (destiny) of this conversation, loaded when first used and
     * committed together with the main slot.
     *
     * @param destiny the destiny
     * @return the context
     */
    FsmContext context(String destiny);

    /**
     * Returns the data of a scope beyond the conversation: the user's across chats, the chat's
     * across users, or the bot's; its changes are committed with this unit of work.
     *
     * @param scope the scope
     * @return the scope's data
     */
    ScopedData scope(DataScope scope);

    /**
     * Returns the outbox: Bot API calls stored with the commit and sent only after it succeeded.
     *
     * @return the outbox
     */
    Outbox outbox();

    /**
     * Adds work to run once, right after the next successful commit (for side effects that must only
     * happen if the changes were stored). It runs on the committing thread; if it throws, the
     * exception is logged and the rest still runs. When the commit fails, the work is dropped.
     *
     * @param work the work
     */
    void afterCommit(Runnable work);
}
