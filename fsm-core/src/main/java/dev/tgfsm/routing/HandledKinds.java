package dev.tgfsm.routing;

import java.util.Set;

/**
 * A handler that can tell which kinds of update it acts on, so that the intake asks Telegram only for
 * those ({@code allowed_updates}). A handler that does not implement it is taken to act on every kind.
 *
 * <p>Part of the API: {@link Router} implements it, and an application's own {@code UpdateHandler}
 * may too, so that a bot does not receive updates that no handler reads.
 */
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
