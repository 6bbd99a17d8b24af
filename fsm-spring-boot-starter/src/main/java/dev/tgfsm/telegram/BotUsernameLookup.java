package dev.tgfsm.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.Internal;
import dev.tgfsm.dispatch.UpdateDispatcher;

/**
 * Asks Telegram ({@code getMe}) for the username of every bot configured without one, once at
 * start-up before the bots take updates, and tells each bot's dispatcher: from then on
 * {@code /command@OtherBot} in a group is another bot's command for every parser of the library
 * (routing, escapes, flows, scenes). When {@code getMe} fails the bot keeps taking every
 * {@code /command@name} as its own, with a warning; a configured username ({@code tgfsm.bot.username},
 * {@code tgfsm.bots[i].username}) is never looked up.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class BotUsernameLookup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BotUsernameLookup.class);

    private final List<Bot> bots = new ArrayList<>();

    private volatile boolean running;

    /**
     * Adds a bot whose username is looked up if it has none.
     *
     * @param where the bot's settings, for the logs ({@code tgfsm.bot}, {@code tgfsm.bots[0]})
     * @param configured the configured username, or {@code null}/blank when none is
     * @param dispatcher the bot's dispatcher, told the username
     * @param client the bot's client
     * @return this lookup
     */
    public BotUsernameLookup add(String where, @Nullable String configured, UpdateDispatcher dispatcher,
            TelegramClient client) {
        if (configured == null || configured.isBlank()) {
            bots.add(new Bot(Objects.requireNonNull(where, "where must not be null"),
                    Objects.requireNonNull(dispatcher, "dispatcher must not be null"),
                    Objects.requireNonNull(client, "client must not be null")));
        }
        return this;
    }

    /**
     * Looks the usernames up; a failure is logged, never thrown.
     */
    @Override
    public void start() {
        for (Bot bot : bots) {
            try {
                User me = bot.client().execute(new GetMe());
                String username = me == null ? null : me.getUserName();
                bot.dispatcher().setBotUsername(username);
                log.info("{} has no username configured; Telegram calls it @{}", bot.where(), username);
            }
            catch (TelegramApiException | RuntimeException ex) {
                log.warn("{} has no username configured and getMe failed ({}); it takes every /command@name as its own."
                        + " Set {}.username", bot.where(), ex.toString(), bot.where());
            }
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Runs just before the bots' intakes ({@link LongPollingIntake#PHASE}).
     *
     * @return the phase
     */
    @Override
    public int getPhase() {
        return LongPollingIntake.PHASE - 1;
    }

    private record Bot(String where, UpdateDispatcher dispatcher, TelegramClient client) {
    }
}
