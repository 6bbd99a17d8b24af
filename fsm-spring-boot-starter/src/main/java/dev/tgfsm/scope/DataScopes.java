package dev.tgfsm.scope;

import java.util.Objects;

import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.ScopedData;
import dev.tgfsm.dispatch.UpdateContext;

/**
 * The data scoped beyond the current update's conversation: the user's across chats, the chat's
 * across users and the bot's across all. An update-scoped bean, so a singleton can inject it and
 * always reach the update being handled; also on the {@link Director}. Changes are written with
 * the update's unit of work, right after the conversation (see {@link ScopedData}).
 *
 * <p>Not final, so Spring can proxy it.
 */
public class DataScopes {

    private final UpdateContext update;

    /**
     * Creates the scopes of an update.
     *
     * @param update the update, with its unit of work
     */
    public DataScopes(UpdateContext update) {
        this.update = Objects.requireNonNull(update, "update must not be null");
    }

    /**
     * Returns the data of the update's user, shared by every chat of that user.
     *
     * @return the user's data
     */
    public ScopedData user() {
        return of(DataScope.USER);
    }

    /**
     * Returns the data of the update's chat, shared by every user in it.
     *
     * @return the chat's data
     */
    public ScopedData chat() {
        return of(DataScope.CHAT);
    }

    /**
     * Returns the data of the bot, shared by every user and chat.
     *
     * @return the bot's data
     */
    public ScopedData bot() {
        return of(DataScope.BOT);
    }

    /**
     * Returns the data of a scope.
     *
     * @param scope the scope
     * @return its data, bound to the update's unit of work
     */
    public ScopedData of(DataScope scope) {
        return update.scope(scope);
    }
}
