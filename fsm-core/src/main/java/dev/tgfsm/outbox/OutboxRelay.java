package dev.tgfsm.outbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.Internal;
import dev.tgfsm.context.EngineContext;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.StorageUnavailableException;

/**
 * The process-wide side of the outbox, used by every unit of work's commit: it stores the queued
 * calls in the main record's metadata ({@value #META}), sends them after the commit, remembers
 * deliveries until their acknowledgement is stored, and decides which stored entries to send again.
 *
 * <p>Each process has a random run id. A stored entry is {@code {id, run, at, calls}}. When a unit
 * of work commits, the relay
 * <ul>
 * <li>removes entries this run delivered and applies their {@linkplain OnSent follow-ups}, in the
 * same write (when the unit of work writes anyway, holds a lock whose release is a round trip
 * anyway, or the delivery is older than {@link OutboxConfig#ackDelay()}; otherwise the
 * {@link OutboxFlusher} writes it later);</li>
 * <li>takes over, to send them again, entries of another run older than
 * {@link OutboxConfig#redeliverAfter()} and entries of this run whose sending failed; younger entries
 * of another run are left alone (their run may still be sending them) and checked again when they
 * come of age;</li>
 * <li>adds the unit of work's own queued calls as a new entry.</li>
 * </ul>
 * After the write succeeded it sends the taken-over and new entries in order, on the committing
 * thread (the {@link OutboxFlusher}'s background check hands them to its sending thread instead),
 * through the {@link OutboxSender}: a take-over is stored (version-checked, with this run's id
 * and the time) before it is sent, so of two instances taking one entry over at once the one whose
 * write conflicts sends nothing. An acknowledgement is due {@link OutboxConfig#ackDelay()} after its
 * send ended; a conversation checked before then stays scheduled.
 *
 * <p>Each entry's sending has a deadline, {@link OutboxConfig#ackDelay()} before the entry comes of
 * age for another run ({@code at + redeliverAfter - ackDelay}): no call of it is started or tried
 * again after that moment, and no wait for flood-control permits, a {@code 429}'s
 * {@code retry_after} or a back-off reaches past it; the rest of the entry then stays pending, unsent,
 * and is taken over once, by whichever instance's version-checked write comes first (this one's
 * next commit or flush, or another's); an entry sent only in part is stored again at once, by this
 * run's flush, without the calls already sent. A delivery that ended near its deadline is
 * acknowledged at once instead of {@code ackDelay} later. So a call still waiting to be sent is never sent twice;
 * only a process that dies mid-send (or a send whose own round trip outlasts the margin) can cause
 * a second delivery. Time comes from the injected clock. Thread-safe.
 *
 * <p>Applications create one per process and hand it to {@link FsmContexts};
 * {@link #applyFollowUps}, {@link #prepare}, {@link #committed} and {@link #failed} are called by
 * {@link FsmTransaction}, not by handlers, which use {@link Outbox}.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class OutboxRelay {

    /** The metadata entry of the main record holding the pending calls. */
    public static final String META = "outbox";

    /**
     * The most entries a conversation keeps pending (while Telegram cannot be reached); beyond it the
     * oldest are dropped with a warning, so an outage cannot grow a record past its size limit.
     */
    public static final int MAX_PENDING_ENTRIES = 50;

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /** Where the commits of a thread inside {@link #collectingSends} put their sends. */
    private static final ThreadLocal<List<Runnable>> COLLECTED_SENDS = new ThreadLocal<>();

    /**
     * What one commit does with the outbox: opaque to the caller, handed back to
     * {@link OutboxRelay#committed} or {@link OutboxRelay#failed}.
     */
    public static final class Prepared {

        private final StorageKey key;

        private final @Nullable Outbox outbox;

        private final List<StoredCalls.Entry> toSend;

        private final Set<String> acknowledged;

        private final Map<String, String> takenOver;

        private final boolean writes;

        private Prepared(StorageKey key, @Nullable Outbox outbox, List<StoredCalls.Entry> toSend,
                Set<String> acknowledged,
                Map<String, String> takenOver, boolean writes) {
            this.key = key;
            this.outbox = outbox;
            this.toSend = toSend;
            this.acknowledged = acknowledged;
            this.takenOver = takenOver;
            this.writes = writes;
        }

        /**
         * Tells whether the outbox changed the main record, so the commit must write it.
         *
         * @return {@code true} if the record's metadata was changed
         */
        public boolean writes() {
            return writes;
        }
    }

    private final OutboxSender sender;

    private final Clock clock;

    private final OutboxConfig config;

    private final String runId = UUID.randomUUID().toString();

    private final StoredCalls format = new StoredCalls();

    private final RunDeliveries deliveries;

    /**
     * Creates the relay of this process.
     *
     * @param sender sends the calls
     * @param clock dates entries and deliveries
     */
    public OutboxRelay(OutboxSender sender, Clock clock) {
        this.sender = Objects.requireNonNull(sender, "sender must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.config = sender.config();
        this.deliveries = new RunDeliveries(sender, format, clock);
    }

    /**
     * Creates a relay that sends through a client with the {@linkplain OutboxConfig#ofDefaults()
     * default configuration}.
     *
     * @param client the client
     * @param clock dates entries and deliveries
     * @return the relay
     */
    public static OutboxRelay sendingThrough(TelegramClient client, Clock clock) {
        return new OutboxRelay(new OutboxSender(client, OutboxConfig.ofDefaults()), clock);
    }

    /**
     * Creates the outbox of a unit of work.
     *
     * @param relay delivers the calls after the commit, or {@code null} when none is configured (then
     *        queuing a call fails)
     * @return an empty outbox
     */
    public static Outbox outboxOf(@Nullable OutboxRelay relay) {
        return new Outbox(relay);
    }

    /**
     * Returns this process's run id, written into every entry it stores.
     *
     * @return the run id
     */
    public String runId() {
        return runId;
    }

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    public OutboxConfig config() {
        return config;
    }

    /**
     * Tells whether a client is there to send with, so calls may be queued.
     *
     * @return {@code true} if the sender has a client
     */
    public boolean canSend() {
        return sender.isAvailable();
    }

    /**
     * A new entry id. It only has to differ from the ids of this run's entries in flight and of the
     * few entries stored in one conversation, so it comes from the thread's own random generator:
     * {@code UUID.randomUUID} draws from {@code SecureRandom}, which is synchronised across the
     * dispatcher's threads and hashes every draw (about 1 % of the bot's CPU samples end to end).
     */
    String newEntryId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /**
     * Changes the main record for a commit: acknowledged entries out, entries to redeliver taken
     * over, the unit of work's queued calls in. Called inside the commit, before the write.
     *
     * @param key the conversation
     * @param main the main slot's context (loaded)
     * @param outbox the unit of work's queued calls, or {@code null}
     * @param writing whether the commit costs a round trip anyway (changes, or a lock to release)
     * @param applied the deliveries whose follow-ups {@link #applyFollowUps} already applied
     * @return what to do after the write
     * @throws dev.tgfsm.FsmException if a queued call cannot be stored
     */
    public Prepared prepare(StorageKey key, FsmContext main, @Nullable Outbox outbox, boolean writing,
            Set<String> applied) {
        Object raw = EngineContext.of(main).getMeta(META);
        if (raw == null && (outbox == null || outbox.isEmpty()) && deliveries.tracked(key).isEmpty()) {
            // the typical update: nothing stored, queued or delivered, so nothing to change
            return new Prepared(key, outbox, List.of(), Set.of(), Map.of(), false);
        }
        long now = clock.millis();
        List<OutboxCall> queued = outbox != null ? outbox.calls() : List.of();
        PendingEntries pending = new PendingEntries(key, now, runId, config);
        pending.sort(raw, format.read(raw, key), deliveries, applied);
        if (!queued.isEmpty()) {
            List<Object> calls = new ArrayList<>(queued.size());
            for (OutboxCall call : queued) {
                calls.add(format.toPlain(call));
            }
            pending.add(new StoredCalls.Entry(outbox.entryId(), runId, now, calls, outbox.language()));
        }
        pending.trim();
        boolean acks = pending.acknowledgesStored();
        boolean writes = pending.changed || !pending.toSend.isEmpty() || acks && (writing || pending.ackDue);
        if (!writes) {
            if (acks) {
                // not due yet (the send took long, or another check took the key off the schedule): not forgotten
                deliveries.schedule(key, pending.ackAt);
            }
            return new Prepared(key, outbox, List.of(), Set.of(), Map.of(), false);
        }
        RunDeliveries.runFollowUps(key, main, pending.followUps);
        EngineContext.of(main).setMeta(META, pending.toPlain());
        return new Prepared(key, outbox, pending.toSend, pending.acknowledged, pending.takenOver, true);
    }

    /**
     * Applies the follow-ups of this run's deliveries to a conversation whose main record was just
     * loaded, so the unit of work sees them (a live message's new id, a prompt tracked as garbage);
     * they are stored with its commit, together with the acknowledgement.
     *
     * @param key the conversation
     * @param main the main slot's context, just loaded
     * @return the ids of the deliveries whose follow-ups were applied
     */
    public Set<String> applyFollowUps(StorageKey key, FsmContext main) {
        return deliveries.applyFollowUps(key, main);
    }

    /**
     * Sends what a successful commit stored: call right after the write, on the committing thread.
     *
     * @param prepared what {@link #prepare} returned
     */
    public void committed(Prepared prepared) {
        if (!prepared.writes) {
            return;
        }
        for (String id : prepared.acknowledged) {
            deliveries.untrack(prepared.key, id);
        }
        if (!prepared.acknowledged.isEmpty()) {
            log.debug("Acknowledged {} outbox entr(ies) of {}", prepared.acknowledged.size(), prepared.key);
        }
        List<OutboxCall> queued = List.of();
        String freshId = null;
        if (prepared.outbox != null && !prepared.outbox.isEmpty()) {
            queued = prepared.outbox.calls();
            freshId = prepared.outbox.entryId();
            prepared.outbox.drained();
        }
        for (StoredCalls.Entry e : prepared.toSend) {
            String from = prepared.takenOver.get(e.id());
            if (from != null) {
                log.info("Redelivering {} pending Bot API call(s) of {} stored by run {}", e.calls().size(),
                        prepared.key,
                        from);
            }
            deliveries.track(prepared.key, e.id());
        }
        List<Runnable> collecting = COLLECTED_SENDS.get();
        if (collecting != null) {
            String id = freshId;
            List<OutboxCall> calls = queued;
            collecting.add(() -> deliveries.deliver(prepared.key, prepared.toSend, id, calls));
            return;
        }
        deliveries.deliver(prepared.key, prepared.toSend, freshId, queued);
    }

    /**
     * Runs work whose commits on this thread store their outbox changes as usual but hand their
     * sends to {@code sends} instead of making them: the {@link OutboxFlusher} writes every due
     * acknowledgement and take-over of a check first and sends the taken-over entries afterwards,
     * elsewhere. Each collected send must be run once; until then its entries stay in flight (kept
     * by this run's commits, not taken over again).
     *
     * @param sends receives the sends, in commit order
     * @param work the work
     * @param <T> its result type
     * @return what the work returned
     */
    <T> T collectingSends(List<Runnable> sends, Supplier<T> work) {
        List<Runnable> before = COLLECTED_SENDS.get();
        COLLECTED_SENDS.set(Objects.requireNonNull(sends, "sends must not be null"));
        try {
            return work.get();
        }
        finally {
            if (before == null) {
                COLLECTED_SENDS.remove();
            }
            else {
                COLLECTED_SENDS.set(before);
            }
        }
    }

    /**
     * Tells that the commit failed: nothing is sent. When the write failed for another reason than
     * a conflict or an unavailable storage (the size limit, a value the codec refuses), the chat of
     * the queued calls gets the error text instead of silence.
     *
     * @param prepared what {@link #prepare} returned, or {@code null} when preparing failed
     * @param outbox the unit of work's queued calls, or {@code null}
     * @param failure why the commit failed
     */
    public void failed(@Nullable Prepared prepared, @Nullable Outbox outbox, RuntimeException failure) {
        if (outbox == null || outbox.isEmpty()) {
            return;
        }
        if (failure instanceof FsmConflictException) {
            log.debug("The commit conflicted, so {} queued Bot API call(s) were not sent", outbox.size());
            return;
        }
        log.warn("The commit failed, so {} queued Bot API call(s) were not sent: {}", outbox.size(),
                failure.toString());
        if (failure instanceof StorageUnavailableException) {
            return;
        }
        Set<Object> told = new LinkedHashSet<>();
        for (OutboxCall call : outbox.calls()) {
            Object chat = format.chatOf(call.method());
            if (chat != null && told.add(chat.toString())) {
                sender.notice(format.body(call.method()), prepared != null ? prepared.key : "a failed commit", null,
                        outbox.language());
            }
        }
    }

    /** The conversations whose pending acknowledgements or redeliveries are due; taken off the schedule. */
    List<StorageKey> takeDue(long now) {
        return deliveries.takeDue(now);
    }

    /** Every conversation with deliveries not yet acknowledged; taken off the schedule. */
    List<StorageKey> takeAllPending() {
        return deliveries.takeAllPending();
    }

    /** Puts a conversation back on the schedule. */
    void schedule(StorageKey key, long at) {
        deliveries.schedule(key, at);
    }

    /**
     * Returns how many deliveries of this run wait for their acknowledgement to be stored.
     *
     * @return the count
     */
    public int pendingAcknowledgements() {
        return deliveries.pendingAcknowledgements();
    }
}
