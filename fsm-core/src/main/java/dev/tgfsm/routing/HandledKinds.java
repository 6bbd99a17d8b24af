package dev.tgfsm.routing;

import java.util.Set;

import dev.tgfsm.Internal;

/**
 * A handler that can tell which kinds of update it acts on, so that the intake asks Telegram only for
 * those ({@code allowed_updates}). A handler that does not implement it is taken to act on every kind.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public interface HandledKinds {

    /**
     * Returns the kinds of update this handler acts on.
     *
     * @return the kinds; {@link UpdateKind#ANY} means every kind, an empty set none
     */
    Set<UpdateKind> handledKinds();

    /**
     * Returns the kinds of update this handler acts on for one bot, in an application that serves
     * several; by default those of {@link #handledKinds()}.
     *
     * @param botId the bot's id
     * @return the kinds; {@link UpdateKind#ANY} means every kind, an empty set none
     */
    default Set<UpdateKind> handledKinds(long botId) {
        return handledKinds();
    }
}
