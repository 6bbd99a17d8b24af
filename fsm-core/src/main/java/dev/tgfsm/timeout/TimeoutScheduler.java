package dev.tgfsm.timeout;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.flow.LibraryText;
import dev.tgfsm.flow.MessageResolver;
import dev.tgfsm.outbound.OutboundPriority;
import dev.tgfsm.outbox.Outbox;
import dev.tgfsm.storage.BackgroundSweeper;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.DueDeadline;
import dev.tgfsm.storage.FsmConflictException;

/**
 * Fires idle timeouts without waiting for an update: claims due entries of the storage's deadline
 * index ({@link DeadlineIndex#claimDue}) and handles each in the conversation's unit of work.
 *
 * <p>For each claimed conversation the record decides, not the index: with no deadline or no state
 * the entry is dropped; a deadline that moved (the user was active meanwhile) is put back into the
 * index at its real time; a due warning marks the deadline as warned; a due expiry runs the
 * {@link ExpiryHandler} and removes the deadline. Messages go through the unit of work's
 * {@linkplain Outbox outbox}: stored with the version-checked commit and sent after
 * it, so a conversation that changed meanwhile is neither warned nor expired from stale data: the
 * commit conflicts, nothing is sent, and the entry is retried when its claim lapses.
 *
 * <p>Exactly once: a claim is atomic in the storage, so of several instances only one handles an
 * entry while its claim holds, and the warned flag and the removed deadline are committed before
 * anything is sent. A process that dies between its commit and its send leaves the message in the
 * record's outbox, sent by the conversation's next unit of work (at least once); one that dies before
 * its commit leaves the entry to be claimed again after the lease.
 *
 * <p>Several bots may share one store: a scheduler made for one bot
 * ({@link #TimeoutScheduler(long, FsmContexts, TimeoutConfig, Clock, ExpiryHandler)}) claims only that
 * bot's deadlines ({@link DeadlineIndex#claimDue(long, Instant, int, java.time.Duration)}), so another
 * bot's users are never warned or expired by it (nor through its token).
 *
 * <p>{@link #start()} polls every {@link TimeoutConfig#pollInterval()} on one daemon thread;
 * tests call {@link #runDue()} after moving the clock.
 */
public final class TimeoutScheduler implements AutoCloseable {

    /** What became of one claimed deadline. */
    public enum Outcome {
        /** Nothing was due: the entry was dropped or moved. */
        NONE,
        /** The warning was sent. */
        WARNED,
        /** The conversation expired. */
        EXPIRED,
        /** Not handled now (conflict, busy lock or failure); retried after the claim lease. */
        RETRY
    }

    private static final Logger log = LoggerFactory.getLogger(TimeoutScheduler.class);

    /** How often a claimed timeout is tried at once when its commit conflicts, before its claim lease. */
    private static final int CONFLICT_ATTEMPTS = 3;

    private final FsmContexts contexts;

    private final LongAdder[] outcomes = Stream.generate(LongAdder::new).limit(Outcome.values().length)
            .toArray(LongAdder[]::new);

    private final TimeoutConfig config;

    private final Clock clock;

    private final ExpiryHandler expiry;

    private final BackgroundSweeper poller;

    private final Long botId;

    private volatile MessageResolver messages = MessageResolver.english();

    /**
     * Creates a scheduler that fires the deadlines of every bot in the store.
     *
     * @param contexts opens the units of work (with an outbox relay, which sends the warnings and
     *        expiry messages) and holds the storage
     * @param config texts, warning time, claim lease, batch size and poll interval
     * @param clock the time
     * @param expiry what an expiry does
     */
    public TimeoutScheduler(FsmContexts contexts, TimeoutConfig config, Clock clock, ExpiryHandler expiry) {
        this(null, contexts, config, clock, expiry);
    }

    /**
     * Creates a scheduler that fires only the deadlines of one bot's conversations.
     *
     * @param botId the bot
     * @param contexts opens the units of work (with an outbox relay, which sends the warnings and
     *        expiry messages through that bot's client) and holds the storage
     * @param config texts, warning time, claim lease, batch size and poll interval
     * @param clock the time
     * @param expiry what an expiry does
     */
    public TimeoutScheduler(long botId, FsmContexts contexts, TimeoutConfig config, Clock clock,
            ExpiryHandler expiry) {
        this(Long.valueOf(botId), contexts, config, clock, expiry);
    }

    private final Map<String, Consumer<DueDeadline>> byDestiny = new ConcurrentHashMap<>();

    /**
     * Sets how the warning and expiry texts are put in the user's language (the conversation's
     * {@code language} preference, else the language Telegram last reported); English by default.
     *
     * @param resolver the resolver
     */
    public void setMessages(MessageResolver resolver) {
        this.messages = Objects.requireNonNull(resolver, "resolver must not be null");
    }

    /**
     * Creates a scheduler with the {@linkplain ExpiryHandler#clearing default expiry handler}.
     *
     * @param contexts opens the units of work (with an outbox relay, which sends the warnings and
     *        expiry messages) and holds the storage
     * @param config texts, warning time, claim lease, batch size and poll interval
     * @param clock the time
     */
    public TimeoutScheduler(FsmContexts contexts, TimeoutConfig config, Clock clock) {
        this(contexts, config, clock, ExpiryHandler.clearing(config.expiredText()));
    }

    private TimeoutScheduler(Long botId, FsmContexts contexts, TimeoutConfig config, Clock clock,
            ExpiryHandler expiry) {
        this.botId = botId;
        this.contexts = Objects.requireNonNull(contexts, "contexts must not be null");
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.expiry = Objects.requireNonNull(expiry, "expiry must not be null");
        this.poller = new BackgroundSweeper("tgfsm-timeouts",
                () -> OutboundPriority.background(() -> runDue()), config.pollInterval());
    }

    /**
     * Handles every deadline due now, in batches, until none is left.
     *
     * @return how many warnings and expiries were fired
     */
    public int runDue() {
        DeadlineIndex storage = DeadlineIndex.of(contexts.storage());
        int fired = 0;
        for (;;) {
            List<DueDeadline> batch = botId == null
                    ? storage.claimDue(clock.instant(), config.batchSize(), config.claimLease())
                    : storage.claimDue(botId, clock.instant(), config.batchSize(), config.claimLease());
            for (DueDeadline due : batch) {
                Outcome outcome = handle(due);
                if (outcome == Outcome.WARNED || outcome == Outcome.EXPIRED) {
                    fired++;
                }
            }
            if (batch.size() < config.batchSize()) {
                return fired;
            }
        }
    }

    /**
     * Handles one claimed deadline.
     *
     * @param due the claim
     * @return what became of it
     */
    public Outcome handle(DueDeadline due) {
        Outcome outcome = handleClaim(due);
        outcomes[outcome.ordinal()].increment();
        return outcome;
    }

    /**
     * Returns how many claimed deadlines this scheduler has handled with an outcome since it was made.
     *
     * @param outcome the outcome: {@link Outcome#WARNED} and {@link Outcome#EXPIRED} are the fired timeouts
     * @return the count
     */
    public long handled(Outcome outcome) {
        return outcomes[outcome.ordinal()].sum();
    }

    private Outcome handleClaim(DueDeadline due) {
        Consumer<DueDeadline> other = byDestiny.get(due.key().destiny());
        if (other != null) {
            try {
                other.accept(due);
            }
            catch (RuntimeException ex) {
                log.warn("Handling the deadline of {} failed; retried after the claim lease: {}", due.key(),
                        ex.toString());
                return Outcome.RETRY;
            }
            return Outcome.NONE;
        }
        DeadlineIndex storage = DeadlineIndex.of(contexts.storage());
        for (int attempt = 1;; attempt++) {
            try {
                return handleConversation(due, storage);
            }
            catch (FsmConflictException ex) {
                // a write without the lock (an outbox acknowledgement) came between the load and the
                // commit: a fresh unit of work sees it, so the timeout need not wait for its claim lease
                if (attempt < CONFLICT_ATTEMPTS) {
                    continue;
                }
                log.debug("Conversation {} changed while its timeout was handled; retried later", due.key());
                return Outcome.RETRY;
            }
            catch (Exception ex) {
                log.warn("Handling the idle timeout of {} failed; retried after the claim lease: {}", due.key(),
                        ex.toString());
                return Outcome.RETRY;
            }
        }
    }

    /** Warns or expires a conversation whose deadline was claimed, in a unit of work under its lock. */
    private Outcome handleConversation(DueDeadline due, DeadlineIndex storage) throws Exception {
        try (FsmTransaction tx = FsmTransactions.begin(contexts, due.key())) {
            FsmContext context = tx.context();
            IdleDeadline deadline = IdleDeadline.read(context);
            String state = context.getState();
            long now = clock.millis();
            if (deadline == null || state == null) {
                if (deadline != null) {
                    IdleDeadline.remove(context);
                    tx.commit();
                }
                storage.cancelDeadline(due.key(), due.claimedUntil());
                return Outcome.NONE;
            }
            long event = deadline.nextEvent(config);
            if (event > now) {
                tx.scheduleDeadline(Instant.ofEpochMilli(event));
                deadline.withIndexed(event).write(context);
                tx.commit();
                return Outcome.NONE;
            }
            if (deadline.at() > now) {
                tx.scheduleDeadline(deadline.expiry());
                deadline.withWarned().withIndexed(deadline.at()).write(context);
                long minutes = Math.max(1, (deadline.at() - now + 59_999) / 60_000);
                String text = messages
                        .configured(messages.localeOf(context, deadline.language()), LibraryText.TIMEOUT_WARNING,
                                config.warningText(), minutes)
                        .replace("{minutes}", String.valueOf(minutes));
                ChatNotifier.send(tx, due.key(), deadline.chatId(), text);
                tx.commit();
                log.debug("Warned {} of its idle timeout", due.key());
                return Outcome.WARNED;
            }
            Locale locale = messages.localeOf(context, deadline.language());
            String text = messages.configured(locale, LibraryText.TIMEOUT_EXPIRED, expiry.expire(tx, state));
            IdleDeadline.remove(context);
            if (text != null && !text.isBlank()) {
                ChatNotifier.send(tx, due.key(), deadline.chatId(), text);
            }
            tx.commit();
            storage.cancelDeadline(due.key(), due.claimedUntil());
            log.debug("Expired {} in state '{}'", due.key(), state);
            return Outcome.EXPIRED;
        }
    }

    /**
     * Hands the due entries of the deadline index whose key has a destiny to another component,
     * which shares this scheduler's claims instead of claiming on its own (two claimers would take
     * each other's entries). The handler gets the claim and owns the entry: it reschedules or cancels
     * it; if it throws, the entry comes due again when the claim lapses.
     *
     * @param destiny the destiny of the keys the component schedules
     * @param handler handles a claimed entry
     */
    public void handleDestiny(String destiny, Consumer<DueDeadline> handler) {
        Objects.requireNonNull(destiny, "destiny must not be null");
        byDestiny.put(destiny, Objects.requireNonNull(handler, "handler must not be null"));
    }

    /**
     * Runs the background checks on the given executor instead of a daemon thread of their own, from
     * the next {@link #start()} on (the starter passes one built with Spring Boot's scheduler
     * builder); {@link #stop()} cancels them and leaves the executor to its owner.
     *
     * @param executor runs the checks
     */
    public void runOn(ScheduledExecutorService executor) {
        poller.runOn(executor);
    }

    /**
     * Starts polling on a daemon thread. Idempotent.
     */
    public void start() {
        poller.start();
    }

    /**
     * Stops polling, waiting briefly for a run in progress. Idempotent.
     */
    public void stop() {
        poller.stop();
    }

    /**
     * Tells whether polling runs.
     *
     * @return {@code true} between {@link #start()} and {@link #stop()}
     */
    public boolean isRunning() {
        return poller.isRunning();
    }

    /**
     * Same as {@link #stop()}.
     */
    @Override
    public void close() {
        stop();
    }
}
