package dev.tgfsm.test;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.UpdateIdentity;
import dev.tgfsm.telegram.IntakeStatus;
import dev.tgfsm.testing.BotCall;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * Plays the users of a bot in a test: {@code tester.user(42).sends("/order")} hands a real update
 * to the bot's {@link UpdateDispatcher} and waits until it is committed; the {@link BotUser} then
 * asserts the replies, the keyboard, the state and the data. Time moves only when the test says
 * ({@link BotUser#idles}), and the idle timeouts due then fire at once.
 *
 * <p>An application with further bots ({@code tgfsm.bots}) is played bot by bot:
 * {@code tester.bot("support").user(42).sends("/help")} hands the update to that bot's dispatcher,
 * and the replies are those its own recorder saw; {@code tester.user(..)} plays the default bot.
 *
 * <p>{@link FsmBotTest} makes one; {@code new BotTester(...)} wires one by hand. Updates of one
 * user run one at a time, as Telegram delivers them; use one {@code BotTester} from one thread.
 */
public final class BotTester {

    /** How long one update may take before the test fails. */
    static final Duration UPDATE_TIMEOUT = Duration.ofSeconds(30);

    private final UpdateDispatcher dispatcher;

    private final FsmContexts contexts;

    private final KeyStrategy strategy;

    private final RecordingTelegramClient telegram;

    private final Clock clock;

    private final @Nullable TimeoutScheduler timeouts;

    private final Updates updates;

    /** The tester of every bot by name, the default first; shared by the testers of one application. */
    private final Map<String, BotTester> bots;

    /**
     * Stops the application's other background work on tgfsm's clock before time moves (the outbox's
     * acknowledgement checks), kept by the default bot's tester; {@code null} for none.
     */
    private @Nullable Runnable quietBackground;

    /**
     * Creates a tester.
     *
     * @param dispatcher the bot's dispatcher
     * @param contexts reads the conversations
     * @param strategy derives a conversation's key as the dispatcher does
     * @param telegram the recorder the bot sends through
     * @param clock tgfsm's clock (a {@link MutableClock} to move time)
     * @param timeouts fires idle timeouts when time moves; {@code null} when the bot has none
     */
    public BotTester(UpdateDispatcher dispatcher, FsmContexts contexts, KeyStrategy strategy,
            RecordingTelegramClient telegram, Clock clock, @Nullable TimeoutScheduler timeouts) {
        this(dispatcher, contexts, strategy, telegram, clock, timeouts, new Updates(clock), new LinkedHashMap<>());
        bots.put(IntakeStatus.DEFAULT_BOT, this);
    }

    private BotTester(UpdateDispatcher dispatcher, FsmContexts contexts, KeyStrategy strategy,
            RecordingTelegramClient telegram, Clock clock, @Nullable TimeoutScheduler timeouts, Updates updates,
            Map<String, BotTester> bots) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher must not be null");
        this.contexts = Objects.requireNonNull(contexts, "contexts must not be null");
        this.strategy = Objects.requireNonNull(strategy, "strategy must not be null");
        this.telegram = Objects.requireNonNull(telegram, "telegram must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.timeouts = timeouts;
        this.updates = updates;
        this.bots = bots;
    }

    /**
     * Adds a further bot of the application, played through {@link #bot}.
     *
     * @param name the bot's name ({@code tgfsm.bots[*].name})
     * @param dispatcher the bot's own dispatcher
     * @param recorder the recorder the bot sends through
     * @param scheduler the bot's timeout scheduler, or {@code null}
     */
    void addBot(String name, UpdateDispatcher dispatcher, RecordingTelegramClient recorder,
            @Nullable TimeoutScheduler scheduler) {
        if (bots.containsKey(name)) {
            throw new IllegalArgumentException("The tester already plays a bot named '" + name + "'");
        }
        bots.put(name, new BotTester(dispatcher, contexts, strategy, recorder, clock, scheduler, updates, bots));
    }

    /**
     * Returns the tester of one bot of the application: {@value IntakeStatus#DEFAULT_BOT} for
     * {@code tgfsm.bot}, else a name of {@code tgfsm.bots[*].name}. Its users write to that bot, its
     * {@link #telegram()} is that bot's recorder, and its conversations are that bot's, apart from
     * those of the other bots even in the same chat.
     *
     * @param name the bot's name
     * @return the bot's tester
     * @throws IllegalArgumentException if the application has no bot of that name
     */
    public BotTester bot(String name) {
        BotTester bot = bots.get(name);
        if (bot == null) {
            throw new IllegalArgumentException("No bot named '" + name + "'; the application's bots are "
                    + bots.keySet());
        }
        return bot;
    }

    /**
     * Returns a user writing to the bot in their private chat.
     *
     * @param userId the user's id, also the chat's
     * @return the user
     */
    public BotUser user(long userId) {
        return new BotUser(this, userId, userId);
    }

    /**
     * Returns a user writing to the bot in a group chat.
     *
     * @param userId the user's id
     * @param chatId the group's id (negative, as Telegram's are)
     * @return the user
     */
    public BotUser user(long userId, long chatId) {
        return new BotUser(this, userId, chatId);
    }

    /**
     * Returns the recorder of every Bot API call this bot made, for assertions the tester does not
     * offer (or {@link RecordingTelegramClient#failNext} to make the next call fail).
     *
     * @return the recorder
     */
    public RecordingTelegramClient telegram() {
        return telegram;
    }

    /**
     * Returns the builder of the tester's updates, to build kinds the tester does not send itself
     * (albums, inline queries, edits) and hand them to {@link BotUser#receives}.
     *
     * @return the builder, dating updates by tgfsm's clock
     */
    public Updates updates() {
        return updates;
    }

    /**
     * Moves tgfsm's clock forward and fires the idle-timeout warnings and expiries due by then, as
     * the bots' schedulers would (those of every bot: they share the clock); the schedulers' own
     * polling and the outbox's background acknowledgements are stopped first (the next commit of a
     * conversation writes its acknowledgements), so nothing fires behind the test's back.
     *
     * @param amount how far
     * @return how many warnings and expiries fired
     * @throws IllegalStateException if tgfsm's clock is not a {@link MutableClock}
     */
    public int advanceTime(Duration amount) {
        if (!(clock instanceof MutableClock mutable)) {
            throw new IllegalStateException("tgfsm's clock (bean 'fsmClock') is a " + clock.getClass().getName()
                    + ", which a test cannot move; define it as a MutableClock or leave it to @FsmBotTest");
        }
        Runnable quiet = bots.get(IntakeStatus.DEFAULT_BOT).quietBackground;
        if (quiet != null) {
            quiet.run();
        }
        List<TimeoutScheduler> schedulers = bots.values().stream().map((bot) -> bot.timeouts)
                .filter(Objects::nonNull).toList();
        schedulers.forEach(TimeoutScheduler::stop);
        mutable.advance(amount);
        return schedulers.stream().mapToInt(TimeoutScheduler::runDue).sum();
    }

    /**
     * Has {@link #advanceTime} first stop other background work that acts on tgfsm's clock: the
     * outbox's acknowledgement checks, which would otherwise write a conversation (version-checked,
     * without its lock) while a timeout that time made due handles it, and make that timeout retry
     * later instead of firing now.
     *
     * @param quiet stops that work (once; later calls do nothing)
     */
    void quietsBeforeTimeMoves(Runnable quiet) {
        bots.get(IntakeStatus.DEFAULT_BOT).quietBackground = quiet;
    }

    /** Hands an update to the bot and waits until it is committed. */
    void dispatch(Update update) {
        try {
            dispatcher.submit(update).get(UPDATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            throw new AssertionError("The bot failed on update " + update.getUpdateId() + ": " + ex.getCause(),
                    ex.getCause());
        }
        catch (TimeoutException ex) {
            throw new AssertionError("The bot did not finish update " + update.getUpdateId() + " within "
                    + UPDATE_TIMEOUT.toSeconds() + " s", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while the bot handled update " + update.getUpdateId(), ex);
        }
    }

    /** The conversation of a user in a chat, read and written through (no update needed). */
    FsmContext context(long chatId, long userId) {
        return contexts.writeThrough(strategy.keyOf(dispatcher.botId(), new UpdateIdentity(chatId, userId, null,
                null)));
    }

    /** Every call recorded so far. */
    List<BotCall> calls() {
        return telegram.calls();
    }
}
