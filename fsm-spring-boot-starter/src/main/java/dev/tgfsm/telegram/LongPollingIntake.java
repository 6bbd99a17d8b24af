package dev.tgfsm.telegram;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.dispatch.UpdateDispatcher;

/**
 * tgfsm's own long-polling loop: fetches updates with {@code getUpdates} and confirms each to
 * Telegram only once it is done, so that an update is never lost (at least once) and, with the
 * update ids stored by each commit, never applied twice.
 *
 * <ul>
 * <li><b>Confirmation after the commit.</b> Every update handed to the {@link UpdateDispatcher} is in
 * flight until its unit of work has committed or it was deliberately skipped (a duplicate, no
 * conversation, no handler, a handler that failed, an update that cannot be parsed). Each
 * {@code getUpdates} asks with {@code offset} = the lowest id still in flight (one past the highest id
 * seen when nothing is), which confirms exactly the updates that are done. Updates that Telegram sends
 * again while the offset is below them are ignored. A crash at any instant therefore loses nothing:
 * Telegram delivers the unconfirmed updates again, and those that did commit are skipped.</li>
 * <li><b>Each update parsed on its own, once.</b> The answer is read as a stream of tokens: an update
 * seen before is skipped by its {@code update_id}, and each new one is turned into an {@link Update}
 * separately, straight from its bytes; one that cannot be parsed is logged once at WARN with its id,
 * reported to the {@link UpdateIntakeListener}s, confirmed and skipped: the others go on.</li>
 * <li><b>A slow conversation.</b> Updates of one conversation run in order, different conversations in
 * parallel. A slow update holds back the offset, so updates after it are confirmed only once it is
 * done; meanwhile polling goes on and newer updates of other conversations are handled, as long as
 * Telegram's answer (at most {@code limit} updates from the slow one on) still holds new ones. When
 * {@code limit} updates past the slow one are buffered, newer updates wait at Telegram until it is done,
 * and the dispatcher's {@code max-pending} bounds what is buffered in memory. While an answer brings
 * nothing new the loop waits for the offset to move (at most 200 ms) before asking again; and while
 * more than three quarters of the next answer would be updates already seen (those from the offset
 * on, in flight or done behind a slower one), it first waits up to 200 ms for some of them to be
 * done, so that the same updates are not fetched and read again and again.</li>
 * <li><b>Each update on a worker.</b> The polling thread hands every update to the dispatcher's
 * workers and goes on polling; it never runs one itself (the dispatcher's run-on-join, which suits a
 * webhook whose thread waits for its update anyway). Running an update here would save one hand-off
 * (the whole polling thread costs 2-3 % of the bot's CPU in the end-to-end benchmark) but would stop
 * polling for as long as the update takes (its lock wait, its Bot API calls, its retries during an
 * outage), so that updates of every other chat wait at Telegram meanwhile; and under load, when it
 * would matter, every worker slot is taken and run-on-join would not apply.</li>
 * <li><b>Storage outages.</b> While the dispatcher reports the storage unavailable, no update is fetched
 * (and nothing confirmed); fetching resumes as soon as an update that waited for the storage gets
 * through, within about half a second of the storage answering again.</li>
 * <li><b>Errors.</b> A Bot API error or network failure (409 Conflict, 429, 5xx, a refused connection)
 * is retried with a back-off from 100 ms doubling to {@code max-back-off}, each pause drawn between half
 * and all of the step (429: at least its {@code retry_after}). This includes the start: a Bot API that
 * cannot be reached when the application starts does not stop it; {@link #intakeStatus()} (and the
 * {@code fsmIntake} health indicator) reports the reason until a call succeeds. A refused token (401 or
 * 404) stops polling with an ERROR, since retrying cannot help.</li>
 * <li><b>Graceful shutdown.</b> {@link #stop()} ends polling, lets the dispatcher finish the updates in
 * flight, then makes one last {@code getUpdates(offset, timeout=0, limit=1)} so that what was done is
 * confirmed. Updates the dispatcher abandoned (it stopped while they waited for the storage) stay
 * unconfirmed and come back at the next start.</li>
 * </ul>
 *
 * <p>The token is never logged.
 */
public final class LongPollingIntake implements SmartLifecycle, BotIntake {

    /** The phase: stopped before the dispatcher, which it drains itself. */
    public static final int PHASE = LongPollingLifecycle.PHASE;

    private static final Logger log = LoggerFactory.getLogger(LongPollingIntake.class);

    private static final Duration FIRST_BACK_OFF = Duration.ofMillis(100);

    private static final Duration REPOLL_PAUSE = Duration.ofMillis(200);

    private static final Duration OUTAGE_CHECK = Duration.ofMillis(100);

    private final UpdateDispatcher dispatcher;

    private final BotApiPolling api;

    private final UpdateParser parser = new UpdateParser();

    private final int timeoutSeconds;

    private final int limit;

    private final Duration maxBackOff;

    private final UpdateOffsets offsets = new UpdateOffsets();

    private Supplier<List<String>> allowedUpdatesSource = () -> null;

    private volatile List<String> allowedUpdates;

    private volatile boolean dropPendingUpdates;

    private volatile boolean running;

    private volatile boolean tokenRefused;

    private volatile IntakeStatus status = IntakeStatus.starting(IntakeStatus.DEFAULT_BOT);

    private @Nullable Thread poller;

    /**
     * Creates the intake.
     *
     * @param token the bot token
     * @param url the Bot API server
     * @param dispatcher handles the updates
     * @param timeout how long one {@code getUpdates} may be held open by Telegram (whole seconds)
     * @param limit the most updates one {@code getUpdates} answers, 1 to 100
     * @param maxBackOff the longest pause between attempts after errors
     */
    public LongPollingIntake(String token, TelegramUrl url, UpdateDispatcher dispatcher, Duration timeout, int limit,
            Duration maxBackOff) {
        Objects.requireNonNull(token, "token must not be null");
        Objects.requireNonNull(url, "url must not be null");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        this.maxBackOff = Objects.requireNonNull(maxBackOff, "maxBackOff must not be null");
        if (timeout.isNegative() || limit < 1 || limit > 100 || maxBackOff.compareTo(FIRST_BACK_OFF) < 0) {
            throw new IllegalArgumentException("timeout must not be negative, limit must be 1 to 100 and maxBackOff "
                    + "at least 100 ms; were " + timeout + ", " + limit + ", " + maxBackOff);
        }
        this.timeoutSeconds = (int) timeout.toSeconds();
        this.limit = limit;
        this.api = new BotApiPolling(BotApiPolling.httpClient(timeout), url, token, parser.json());
    }

    /**
     * Sets the listeners told about updates that could not be parsed.
     *
     * @param listeners the listeners
     */
    public void setListeners(List<UpdateIntakeListener> listeners) {
        parser.setListeners(listeners);
    }

    /**
     * Sets the update kinds asked for with every {@code getUpdates} ({@code allowed_updates}), read when
     * polling starts (once the application's handlers are known).
     *
     * @param allowedUpdates supplies the kinds, for example {@code message} and {@code callback_query};
     *        {@code null} or empty to send none (Telegram then keeps its previous setting)
     */
    public void setAllowedUpdates(Supplier<List<String>> allowedUpdates) {
        this.allowedUpdatesSource = Objects.requireNonNull(allowedUpdates, "allowedUpdates must not be null");
    }

    /**
     * Sets whether the {@code deleteWebhook} made before the first {@code getUpdates} drops the updates
     * Telegram holds ({@code drop_pending_updates}); off by default, so that a restart loses nothing.
     * Read when polling starts.
     *
     * @param dropPendingUpdates {@code true} to drop them
     */
    public void setDropPendingUpdates(boolean dropPendingUpdates) {
        this.dropPendingUpdates = dropPendingUpdates;
    }

    /**
     * Names the bot this intake serves, for its status and thread.
     *
     * @param bot the bot's name
     */
    public void setBotName(String bot) {
        this.status = IntakeStatus.starting(Objects.requireNonNull(bot, "bot must not be null"));
    }

    @Override
    public IntakeStatus intakeStatus() {
        return status;
    }

    /**
     * Returns the offset the next {@code getUpdates} uses: every update below it is done.
     *
     * @return the offset, 0 before any update was seen
     */
    public long offset() {
        return offsets.offset();
    }

    /**
     * Returns whether polling stopped because the Bot API refused the token.
     *
     * @return {@code true} if the token was refused
     */
    public boolean isTokenRefused() {
        return tokenRefused;
    }

    /**
     * Returns the dispatcher this intake feeds.
     *
     * @return the bot's dispatcher
     */
    public UpdateDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        List<String> kinds = allowedUpdatesSource.get();
        allowedUpdates = kinds == null || kinds.isEmpty() ? null : List.copyOf(kinds);
        running = true;
        poller = new Thread(this::poll, "tgfsm-long-polling-" + status.bot());
        poller.start();
    }

    @Override
    public void stop() {
        Thread thread;
        synchronized (this) {
            if (!running && poller == null) {
                return;
            }
            running = false;
            thread = poller;
            poller = null;
        }
        thread.interrupt();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (thread.isAlive() && System.nanoTime() < deadline) {
                api.cancel();
                thread.join(50);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        dispatcher.shutdown();
        confirmWhatIsDone();
        api.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void poll() {
        BackOff backOff = new BackOff(FIRST_BACK_OFF, maxBackOff);
        boolean webhookDeleted = false;
        while (running) {
            try {
                if (dispatcher.isStorageUnavailable()) {
                    dispatcher.awaitStorage(OUTAGE_CHECK);
                    continue;
                }
                if (!webhookDeleted) {
                    api.deleteWebhook(dropPendingUpdates);
                    webhookDeleted = true;
                }
                offsets.awaitRoom(limit, limit / 4, REPOLL_PAUSE);
                long offset = offsets.offset();
                BotApiPolling.Batch batch = api.getUpdates(offset, timeoutSeconds, limit, allowedUpdates,
                        offsets::isNew);
                backOff.reset();
                if (status.state() != IntakeStatus.State.UP) {
                    log.info("Long polling of bot '{}' is connected to the Bot API", status.bot());
                    status = status.up();
                }
                if (!running) {
                    return;
                }
                if (!take(batch.updates()) && batch.received() > 0) {
                    offsets.awaitOffsetAfter(offset, REPOLL_PAUSE);
                }
            }
            catch (BotApiPolling.BotApiException ex) {
                String reason = api.redact(ex.getMessage());
                if (ex.tokenRefused()) {
                    tokenRefused = true;
                    running = false;
                    status = status.failed("the Bot API refused the token: " + reason);
                    log.error("The Bot API refused the bot token ({}); long polling stopped. Check tgfsm.bot.token "
                            + "(and tgfsm.bot.api-url).", reason);
                    return;
                }
                Duration wait = backOff.next();
                if (ex.retryAfter() > 0) {
                    wait = wait.plusSeconds(ex.retryAfter());
                }
                retryLater(reason, wait);
            }
            catch (IOException ex) {
                if (!running) {
                    return;
                }
                retryLater(api.redact(String.valueOf(ex.getMessage())), backOff.next());
            }
            catch (InterruptedException ex) {
                return;
            }
            catch (RejectedExecutionException ex) {
                log.debug("The dispatcher is shut down; long polling stops");
                running = false;
                return;
            }
        }
    }

    /** Records a failed call and sleeps (unless stopping) before the next attempt. */
    private void retryLater(String reason, Duration wait) {
        status = status.retrying(reason);
        log.warn("The Bot API call of bot '{}' failed ({} time(s) in a row): {}; retrying in {} ms", status.bot(),
                status.failures(), reason, wait.toMillis());
        try {
            Thread.sleep(wait.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Hands the new updates of an answer to the dispatcher.
     *
     * @return {@code true} if the answer held an update not seen before
     */
    private boolean take(List<BotApiPolling.RawUpdate> batch) {
        boolean fresh = false;
        for (BotApiPolling.RawUpdate raw : batch) {
            int id = raw.id();
            if (!offsets.accept(id)) {
                continue;
            }
            fresh = true;
            Update update = parser.parse(id, raw.answer(), raw.offset(), raw.length());
            if (update == null) {
                offsets.done(id);
                continue;
            }
            CompletableFuture<Void> done = dispatcher.submit(update);
            done.whenComplete((ok, error) -> {
                if (!done.isCancelled()) {
                    offsets.done(id);
                }
            });
        }
        return fresh;
    }

    /** Confirms, with one last short request, every update that is done. */
    private void confirmWhatIsDone() {
        long offset = offsets.offset();
        if (offset <= 0 || tokenRefused) {
            return;
        }
        try {
            api.getUpdates(offset, 0, 1, allowedUpdates, id -> false);
            log.debug("Confirmed the updates below {} at shutdown", offset);
        }
        catch (IOException ex) {
            log.warn("Could not confirm the handled updates at shutdown ({}); Telegram delivers them again and "
                    + "they are skipped", api.redact(String.valueOf(ex.getMessage())));
        }
    }
}
