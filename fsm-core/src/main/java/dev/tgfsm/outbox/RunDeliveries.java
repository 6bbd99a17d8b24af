package dev.tgfsm.outbox;

import java.io.Serializable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.key.StorageKey;

/**
 * This run's deliveries for the {@link OutboxRelay}: it sends the entries a commit stored, in order,
 * each within its deadline, and tracks every entry from that commit until the commit that stores its
 * acknowledgement: in flight while it is being sent, then delivered (with the follow-ups of its calls,
 * stored together with the acknowledgement) or failed (taken over again by this run's next commit).
 * It also keeps the schedule of conversations to check again: an acknowledgement or a redelivery due.
 * Thread-safe.
 */
final class RunDeliveries {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    enum State { IN_FLIGHT, DELIVERED, FAILED }

    /** One entry this run sends or sent, until its acknowledgement is stored. */
    static final class Tracked {

        final StorageKey key;

        volatile @Nullable State state = State.IN_FLIGHT;

        volatile int delivered;

        /** When the acknowledgement of the delivery is due. */
        volatile long ackAt;

        final List<Consumer<FsmContext>> followUps = new ArrayList<>();

        Tracked(StorageKey key) {
            this.key = key;
        }
    }

    private final OutboxSender sender;

    private final StoredCalls format;

    private final Clock clock;

    private final OutboxConfig config;

    private final Map<String, Tracked> entries = new ConcurrentHashMap<>();

    private final Map<StorageKey, Set<String>> byKey = new ConcurrentHashMap<>();

    private final Map<StorageKey, Long> due = new ConcurrentHashMap<>();

    RunDeliveries(OutboxSender sender, StoredCalls format, Clock clock) {
        this.sender = sender;
        this.format = format;
        this.clock = clock;
        this.config = sender.config();
    }

    /** The tracked entry with this id, or {@code null}. */
    @Nullable
    Tracked get(String id) {
        return entries.get(id);
    }

    /** The ids of the entries of a conversation this run tracks. */
    Set<String> tracked(StorageKey key) {
        Set<String> ids = byKey.get(key);
        return ids == null ? Set.of() : ids;
    }

    /** Starts tracking an entry a commit stored to be sent, as in flight. */
    void track(StorageKey key, String id) {
        entries.put(id, new Tracked(key));
        byKey.compute(key, (k, ids) -> {
            Set<String> all = ids != null ? ids : ConcurrentHashMap.newKeySet();
            all.add(id);
            return all;
        });
    }

    /** Stops tracking an entry whose acknowledgement was stored. */
    void untrack(StorageKey key, String id) {
        entries.remove(id);
        byKey.computeIfPresent(key, (k, ids) -> {
            ids.remove(id);
            return ids.isEmpty() ? null : ids;
        });
    }

    /**
     * Applies the follow-ups of this run's deliveries to a conversation whose main record was just
     * loaded (see {@link OutboxRelay#applyFollowUps}).
     *
     * @return the ids of the deliveries whose follow-ups were applied
     */
    Set<String> applyFollowUps(StorageKey key, FsmContext main) {
        if (tracked(key).isEmpty()) {
            return Set.of();
        }
        Set<String> applied = new HashSet<>();
        for (String id : tracked(key)) {
            Tracked t = entries.get(id);
            if (t == null || t.state != State.DELIVERED) {
                continue;
            }
            List<Consumer<FsmContext>> followUps;
            synchronized (t) {
                followUps = List.copyOf(t.followUps);
            }
            runFollowUps(key, main, followUps);
            applied.add(id);
        }
        return applied;
    }

    /** Applies follow-ups to a conversation's main record; one that fails is logged and skipped. */
    static void runFollowUps(StorageKey key, FsmContext main, List<Consumer<FsmContext>> followUps) {
        for (Consumer<FsmContext> followUp : followUps) {
            try {
                followUp.accept(main);
            }
            catch (RuntimeException ex) {
                log.warn("A follow-up of a delivered call of {} failed: {}", key, ex.toString());
            }
        }
    }

    /**
     * Sends the entries a commit stored, in order, and records what became of each. After a call
     * failed the rest are not tried: they stay failed, to be taken over again.
     *
     * @param key the conversation
     * @param toSend the entries, each tracked
     * @param freshId the id of the unit of work's new entry, or {@code null}
     * @param queued the unit of work's queued calls (the new entry's, with their fallbacks and callbacks)
     */
    void deliver(StorageKey key, List<StoredCalls.Entry> toSend, @Nullable String freshId, List<OutboxCall> queued) {
        boolean stop = false;
        long next = Long.MAX_VALUE;
        for (StoredCalls.Entry e : toSend) {
            Tracked t = entries.get(e.id());
            if (t == null) {
                continue;
            }
            if (stop) {
                t.state = State.FAILED;
                continue;
            }
            OutboxSender.Deadline deadline = new OutboxSender.Deadline(clock, sendBy(e));
            int n = 0;
            for (int i = 0; i < e.calls().size(); i++) {
                BotApiMethod<? extends Serializable> method;
                BotApiMethod<? extends Serializable> fallback;
                OnSent<Serializable> onSent = null;
                if (e.id().equals(freshId) && i < queued.size()) {
                    method = queued.get(i).method();
                    fallback = queued.get(i).fallback();
                    onSent = queued.get(i).onSent();
                }
                else {
                    Object plain = e.calls().get(i);
                    method = format.method(plain, key);
                    fallback = format.fallback(plain, key);
                }
                if (method == null) {
                    n++;
                    continue;
                }
                OutboxSender.Result result;
                try {
                    result = sender.send(method, fallback, key, deadline, e.language());
                }
                catch (RuntimeException ex) {
                    log.warn("Sending {} of {} failed; it stays pending: {}", method.getMethod(), key, ex.toString());
                    result = new OutboxSender.Result(OutboxSender.Status.FAILED, null);
                }
                if (result.status() == OutboxSender.Status.FAILED) {
                    stop = true;
                    break;
                }
                if (result.status() == OutboxSender.Status.DELIVERED && onSent != null) {
                    try {
                        Consumer<FsmContext> followUp = onSent.sent(result.value());
                        if (followUp != null) {
                            synchronized (t) {
                                t.followUps.add(followUp);
                            }
                        }
                    }
                    catch (RuntimeException ex) {
                        log.warn("The after-send callback of {} of {} failed: {}", method.getMethod(), key,
                                ex.toString());
                    }
                }
                n++;
            }
            t.delivered = n;
            // ackDelay after the delivery, but no later than the deadline: a send that ended near it
            // is acknowledged at once, before the entry comes of age for another instance
            t.ackAt = Math.min(clock.millis() + config.ackDelay().toMillis(), deadline.at());
            t.state = stop ? State.FAILED : State.DELIVERED;
            if (!stop) {
                next = Math.min(next, t.ackAt);
            }
            else if (n > 0) {
                // partly delivered: stored again at once without the delivered calls, before another
                // instance could take the whole entry over and send those again
                next = clock.millis();
            }
        }
        if (!toSend.isEmpty()) {
            due.merge(key, stop ? Math.min(next, clock.millis() + config.redeliverAfter().toMillis()) : next,
                    Math::min);
        }
    }

    /**
     * The last moment a call of an entry may be sent (or tried again): {@link OutboxConfig#ackDelay()}
     * before the entry comes of age for another instance, so that another instance's clock running
     * a little ahead, the send's own round trip and the acknowledgement's write fit in between.
     */
    private long sendBy(StoredCalls.Entry e) {
        return e.at() + config.redeliverAfter().toMillis() - config.ackDelay().toMillis();
    }

    /** The conversations whose pending acknowledgements or redeliveries are due; taken off the schedule. */
    List<StorageKey> takeDue(long now) {
        List<StorageKey> keys = new ArrayList<>();
        for (Map.Entry<StorageKey, Long> e : due.entrySet()) {
            if (e.getValue() <= now && due.remove(e.getKey(), e.getValue())) {
                keys.add(e.getKey());
            }
        }
        return keys;
    }

    /** Every conversation with deliveries not yet acknowledged; taken off the schedule. */
    List<StorageKey> takeAllPending() {
        Set<StorageKey> keys = new LinkedHashSet<>();
        for (Tracked t : entries.values()) {
            if (t.state == State.DELIVERED) {
                t.ackAt = 0;
                keys.add(t.key);
            }
        }
        due.keySet().removeAll(keys);
        return new ArrayList<>(keys);
    }

    /** Puts a conversation on the schedule, at the earlier of this time and the one it has. */
    void schedule(StorageKey key, long at) {
        due.merge(key, at, Math::min);
    }

    /** How many deliveries of this run wait for their acknowledgement to be stored. */
    int pendingAcknowledgements() {
        int n = 0;
        for (Tracked t : entries.values()) {
            if (t.state == State.DELIVERED) {
                n++;
            }
        }
        return n;
    }
}
