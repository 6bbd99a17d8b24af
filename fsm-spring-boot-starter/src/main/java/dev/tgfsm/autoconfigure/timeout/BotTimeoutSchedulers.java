package dev.tgfsm.autoconfigure.timeout;

import dev.tgfsm.Internal;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * Creates the timeout scheduler of each further bot ({@code tgfsm.bots[*]}), which claims and fires
 * only that bot's deadlines. tgfsm's bean makes one like the default bot's (the same
 * {@code tgfsm.timeout} settings, expiry handler and clock); declare a bean of this type to make
 * them otherwise. Each one is started and stopped with its bot and metered like the default bot's
 * ({@code tgfsm.timeouts}, tagged with the bot's name).
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
@FunctionalInterface
public interface BotTimeoutSchedulers {

    /**
     * Creates one further bot's scheduler.
     *
     * @param botId the bot's id (see {@code BotIdentity#id()})
     * @return its scheduler, acting on that bot's conversations only
     */
    TimeoutScheduler create(long botId);
}
