package dev.tgfsm.outbound;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.botapimethods.PartialBotApiMethod;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.dispatch.CurrentUpdate;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.storage.StorageUnavailableException;

/**
 * The one gate every Bot API call of the library passes, and, through a
 * {@link FloodControlledTelegramClient}, the calls the application makes itself: before a call it takes a
 * permit from the global bucket of the bot that sends it, and for a message to a chat also from the
 * chat's bucket and, for a group or channel, the group's bucket (deletions and chat actions count only
 * globally; calls without a chat such as {@code getMe}, {@code getFile} or {@code setWebhook}, reads
 * such as {@code getChatMember} and answers to a user's own action, such as
 * {@code answerCallbackQuery}, take no permit: Telegram's limits are on messages, and a button spins
 * until answered), waiting on the
 * calling thread until the {@link PermitStore} grants them; a {@code 429 Too Many Requests} books the
 * chat's bucket (and a group's per-minute bucket too; for a call without a chat, the global one) up to
 * its {@code retry_after} for every instance, and the call is tried again then. Every bot has buckets of its own: two bots of one
 * application share no limit, not even for the same chat id. Waiting is bounded by {@link FloodControlConfig#maxWait()}
 * and by the caller's deadline, if it gives one:
 * a call that cannot go out within it fails ({@link OutboundLimitException}, or the {@code 429} itself),
 * and the outbox keeps it pending for redelivery.
 *
 * <p>A call is charged once: while a gate executes a call, every gate the call passes again on the
 * same thread (a {@link FloodControlledTelegramClient} that the library was given as its client, for
 * example) executes it at once, taking no permit and leaving a {@code 429} to the outer gate.
 *
 * <p>Requests are granted by {@linkplain OutboundPriority priority}: background jobs only at the
 * sustained rate, replies with the configured burst on top, so a reply never queues behind a
 * broadcast. When the store is down, {@link FloodControlConfig#failureMode()} decides. Time comes
 * from the injected clock. Thread-safe.
 */
public final class OutboundLimiter {

    /** Waits; replaced in tests by one that advances a clock. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * One Bot API call as a client executes it, for {@link #execute(PartialBotApiMethod, Call)}.
     *
     * @param <T> its result type
     */
    @FunctionalInterface
    public interface Call<T> {

        /**
         * Executes the call.
         *
         * @return its result
         * @throws TelegramApiException what the Bot API answered
         */
        T execute() throws TelegramApiException;
    }

    private static final Logger log = LoggerFactory.getLogger(OutboundLimiter.class);

    private final SharedPermits permits;

    private final FloodControlConfig config;

    private final Map<Long, FloodControlConfig> perBot;

    private final Clock clock;

    private final Sleeper sleeper;

    private final long defaultBot;

    /**
     * Creates a limiter for bot 0 (calls made while an update is handled count for that update's bot).
     *
     * @param store where the buckets are shared
     * @param config the limits
     * @param clock the time; use the storage's clock
     */
    public OutboundLimiter(PermitStore store, FloodControlConfig config, Clock clock) {
        this(store, config, clock, 0);
    }

    /**
     * Creates a limiter. Each bot has its own buckets (its own global rate, its own chat and group
     * buckets): a call counts for the bot given to {@link #execute(long, TelegramClient, BotApiMethod)},
     * else for the bot of the update handled on the calling thread, else for {@code defaultBot}.
     *
     * @param store where the buckets are shared
     * @param config the limits
     * @param clock the time; use the storage's clock
     * @param defaultBot the bot of calls made outside any update
     */
    public OutboundLimiter(PermitStore store, FloodControlConfig config, Clock clock, long defaultBot) {
        this(store, config, Map.of(), clock, defaultBot);
    }

    /**
     * Creates a limiter where some bots have limits of their own.
     *
     * @param store where the buckets are shared
     * @param config the limits of every bot not in {@code perBot}
     * @param perBot the limits of single bots, by bot id
     * @param clock the time; use the storage's clock
     * @param defaultBot the bot of calls made outside any update
     */
    public OutboundLimiter(PermitStore store, FloodControlConfig config, Map<Long, FloodControlConfig> perBot,
            Clock clock, long defaultBot) {
        this(store, config, perBot, clock, defaultBot, duration -> Thread.sleep(Math.max(1, duration.toMillis())));
    }

    OutboundLimiter(PermitStore store, FloodControlConfig config, Map<Long, FloodControlConfig> perBot, Clock clock,
            long defaultBot, Sleeper sleeper) {
        this.permits = new SharedPermits(store);
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.perBot = Map.copyOf(Objects.requireNonNull(perBot, "perBot must not be null"));
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.defaultBot = defaultBot;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper must not be null");
    }

    /**
     * A limiter that takes no permits ({@link FloodControlConfig#disabled()}); it still waits a
     * {@code 429}'s {@code retry_after} of up to {@link FloodControlConfig#DEFAULT_MAX_WAIT} and tries again.
     *
     * @return the limiter
     */
    public static OutboundLimiter unlimited() {
        return new OutboundLimiter(new InMemoryPermitStore(), FloodControlConfig.disabled(), Clock.systemUTC());
    }

    /**
     * Returns the configuration of the bots without limits of their own.
     *
     * @return the configuration
     */
    public FloodControlConfig config() {
        return config;
    }

    /**
     * Returns the configuration of one bot.
     *
     * @param bot the bot's id
     * @return its own limits, else those of {@link #config()}
     */
    public FloodControlConfig config(long bot) {
        return perBot.getOrDefault(bot, config);
    }

    /**
     * Returns a limiter with the same limits whose buckets are in another store.
     *
     * @param other the store
     * @return the limiter
     */
    public OutboundLimiter withStore(PermitStore other) {
        return new OutboundLimiter(other, config, perBot, clock, defaultBot, sleeper);
    }

    /**
     * Executes a call through the gate for the bot of the update handled on the calling thread (else
     * the default bot): see {@link #execute(long, TelegramClient, BotApiMethod)}.
     *
     * @param client the client
     * @param method the call
     * @param <T> its result type
     * @return its result
     * @throws TelegramApiException what the Bot API answered
     * @throws OutboundLimitException if no permit could be had in time
     * @throws StorageUnavailableException if the store is down and the failure mode is
     *         {@link FloodFailureMode#HOLD}
     */
    public <T extends Serializable> T execute(TelegramClient client, BotApiMethod<T> method)
            throws TelegramApiException {
        return execute(currentBot(), client, method);
    }

    /**
     * Executes a call through the gate: waits for its permits, executes it, and after a {@code 429}
     * books its bucket up to {@code retry_after}, waits that long and executes it again, as long as the
     * total wait stays within {@link FloodControlConfig#maxWait()}.
     *
     * @param bot the bot whose buckets the call takes from (the one whose client sends it)
     * @param client the client
     * @param method the call
     * @param <T> its result type
     * @return its result
     * @throws TelegramApiException what the Bot API answered (a {@code 429} when its {@code retry_after}
     *         does not fit in the wait left)
     * @throws OutboundLimitException if no permit could be had in time
     * @throws StorageUnavailableException if the store is down and the failure mode is
     *         {@link FloodFailureMode#HOLD}
     */
    public <T extends Serializable> T execute(long bot, TelegramClient client, BotApiMethod<T> method)
            throws TelegramApiException {
        Objects.requireNonNull(client, "client must not be null");
        return executeBy(bot, method, () -> client.execute(method), null);
    }

    /**
     * Executes any call (multipart ones such as {@code SendPhoto} too) through the gate for the bot of
     * the update handled on the calling thread (else the default bot), as
     * {@link #execute(long, TelegramClient, BotApiMethod)} does: waits for its permits, executes it, and
     * retries it after a {@code 429}'s {@code retry_after} within {@link FloodControlConfig#maxWait()}.
     * Inside a call another gate is executing on this thread, it executes {@code call} at once.
     *
     * @param method the call, for its method name and chat
     * @param call executes the call
     * @param <T> its result type
     * @return its result
     * @throws TelegramApiException what the Bot API answered (a {@code 429} when its {@code retry_after}
     *         does not fit in the wait left)
     * @throws OutboundLimitException if no permit could be had in time
     * @throws StorageUnavailableException if the store is down and the failure mode is
     *         {@link FloodFailureMode#HOLD}
     */
    public <T> T execute(PartialBotApiMethod<?> method, Call<T> call) throws TelegramApiException {
        Objects.requireNonNull(call, "call must not be null");
        return executeBy(currentBot(), method, call, null);
    }

    /**
     * Executes any call through the gate as {@link #execute(PartialBotApiMethod, Call)} does, charged
     * to the buckets of the given bot: the one whose client sends it.
     *
     * @param bot the bot whose buckets the call takes from
     * @param method the call, for its method name and chat
     * @param call executes the call
     * @param <T> its result type
     * @return its result
     * @throws TelegramApiException what the Bot API answered (a {@code 429} when its {@code retry_after}
     *         does not fit in the wait left)
     * @throws OutboundLimitException if no permit could be had in time
     * @throws StorageUnavailableException if the store is down and the failure mode is
     *         {@link FloodFailureMode#HOLD}
     */
    public <T> T execute(long bot, PartialBotApiMethod<?> method, Call<T> call) throws TelegramApiException {
        Objects.requireNonNull(call, "call must not be null");
        return executeBy(bot, method, call, null);
    }

    /**
     * Executes a call through the gate as {@link #execute(long, TelegramClient, BotApiMethod)} does, but
     * never later than {@code within} from now: the wait for permits and for a {@code 429}'s
     * {@code retry_after} is bounded by the shorter of {@code within} and
     * {@link FloodControlConfig#maxWait()}, and a call whose permits came only after {@code within} is
     * not executed. The outbox uses it so that a stored call is not sent once another instance may take
     * it over.
     *
     * @param bot the bot whose buckets the call takes from (the one whose client sends it)
     * @param client the client
     * @param method the call
     * @param within how long from now the call may still be executed (or executed again after a
     *        {@code 429})
     * @param <T> its result type
     * @return its result
     * @throws TelegramApiException what the Bot API answered (a {@code 429} when its {@code retry_after}
     *         does not fit in the wait left)
     * @throws OutboundLimitException if no permit could be had in time, or {@code within} passed
     * @throws StorageUnavailableException if the store is down and the failure mode is
     *         {@link FloodFailureMode#HOLD}
     */
    public <T extends Serializable> T execute(long bot, TelegramClient client, BotApiMethod<T> method,
            Duration within) throws TelegramApiException {
        Objects.requireNonNull(within, "within must not be null");
        Objects.requireNonNull(client, "client must not be null");
        return executeBy(bot, method, () -> client.execute(method), clock.instant().plus(within));
    }

    /** Executes a call; with {@code latest}, not after it; at once inside a call of another gate. */
    private <T> T executeBy(long bot, PartialBotApiMethod<?> method, Call<T> call, @Nullable Instant latest)
            throws TelegramApiException {
        Objects.requireNonNull(method, "method must not be null");
        if (ThreadCharges.executing()) {
            return call.execute(); // charged by the gate that is executing it
        }
        Instant deadline = clock.instant().plus(config(bot).maxWait());
        if (latest != null && latest.isBefore(deadline)) {
            deadline = latest;
        }
        boolean prepaid = ThreadCharges.takePrepaid(this, bot, () -> CallBuckets.of(config(bot), method));
        while (true) {
            if (prepaid) {
                prepaid = false;
                if (latest != null && clock.instant().isAfter(latest)) {
                    throw new OutboundLimitException(method.getMethod() + " was not executed: its deadline passed");
                }
            }
            else {
                acquire(bot, method, deadline, latest);
            }
            ThreadCharges.beginExecuting();
            try {
                return call.execute();
            }
            catch (TelegramApiRequestException ex) {
                Duration retryAfter = SharedPermits.retryAfter(ex);
                if (retryAfter == null) {
                    throw ex;
                }
                permits.tooManyRequests(bot, config(bot), method, retryAfter, clock.instant());
                Instant retryAt = clock.instant().plus(retryAfter);
                if (retryAt.isAfter(deadline)) {
                    log.warn("{} is rate limited by Telegram (retry after {} s), more than the wait left",
                            method.getMethod(),
                            retryAfter.toSeconds());
                    throw ex;
                }
                log.debug("{} is rate limited by Telegram; retrying in {} s", method.getMethod(),
                        retryAfter.toSeconds());
                pause(Duration.between(clock.instant(), retryAt), method);
            }
            finally {
                ThreadCharges.endExecuting();
            }
        }
    }

    /**
     * Waits until the call's permits are granted, at most {@link FloodControlConfig#maxWait()}, for the
     * bot of the update handled on the calling thread (else the default bot). The call is then executed
     * outside the gate, or through a gate on the same thread: the next call a gate of this limiter
     * executes on this thread (a {@link FloodControlledTelegramClient}'s {@code execute}) uses these
     * permits instead of taking its own, if it takes the same buckets of the same bot; so
     * {@code acquire} followed by a send through the flood-controlled client is charged once.
     *
     * @param method the call about to be executed
     * @throws OutboundLimitException if no permit could be had in time, or the thread was interrupted
     * @throws StorageUnavailableException if the store is down and the failure mode is
     *         {@link FloodFailureMode#HOLD}
     */
    public void acquire(BotApiMethod<?> method) {
        long bot = currentBot();
        ThreadCharges.dropPrepaid();
        acquire(bot, method, clock.instant().plus(config(bot).maxWait()), null);
        ThreadCharges.prepaid(this, bot, CallBuckets.of(config(bot), method));
    }

    /** Waits for the call's permits until {@code deadline}; past {@code latest} takes none and fails. */
    private void acquire(long bot, PartialBotApiMethod<?> method, Instant deadline, @Nullable Instant latest) {
        FloodControlConfig limits = config(bot);
        List<Bucket> buckets = CallBuckets.of(limits, method);
        boolean free = buckets.isEmpty();
        while (true) {
            Instant now = clock.instant();
            if (latest != null && now.isAfter(latest)) {
                throw new OutboundLimitException(method.getMethod() + " was not executed: its deadline passed");
            }
            if (free) {
                return;
            }
            Duration wait = permits.tryAcquire(bot, limits, buckets, now);
            if (wait.isZero()) {
                return;
            }
            if (now.plus(wait).isAfter(deadline)) {
                throw new OutboundLimitException("No permit for " + method.getMethod() + " within "
                        + Math.max(0, Duration.between(now, deadline).toMillis()) + " ms (next in " + wait.toMillis()
                        + " ms)");
            }
            pause(wait, method);
        }
    }

    /**
     * Tells that Telegram answered {@code 429} with a {@code retry_after}: books the call's chat bucket
     * and, for a group or channel, its per-minute bucket (for a call without a chat, the global bucket),
     * each to resume at its sustained rate, of the bot of the update handled on the
     * calling thread (else the default bot) so that no instance sends there before then.
     *
     * @param method the refused call
     * @param retryAfter Telegram's {@code retry_after}
     */
    public void tooManyRequests(BotApiMethod<?> method, Duration retryAfter) {
        long bot = currentBot();
        permits.tooManyRequests(bot, config(bot), method, retryAfter, clock.instant());
    }

    /** The bot of the update handled on the calling thread, else the default bot. */
    private long currentBot() {
        UpdateContext update = CurrentUpdate.find().orElse(null);
        return update != null ? update.botId() : defaultBot;
    }

    private void pause(Duration wait, PartialBotApiMethod<?> method) {
        try {
            sleeper.sleep(wait);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new OutboundLimitException("Interrupted while waiting to send " + method.getMethod());
        }
    }
}
