package dev.tgfsm.outbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.key.StorageKey;

/**
 * The outbox entries of one conversation as one commit of the {@link OutboxRelay} leaves them. Each
 * stored entry is acknowledged (this run delivered it), kept (this run is sending it, or it is
 * another run's and still young: then the conversation is scheduled for when it comes of age) or
 * taken over to be sent again (this run's failed sending, another run's entry come of age, or, in an
 * exclusive store, an entry of a run that stopped); the unit of work's new entry joins them; and the
 * oldest are dropped beyond {@link OutboxRelay#MAX_PENDING_ENTRIES}. One object per commit, used on
 * the committing thread.
 */
final class PendingEntries {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final StorageKey key;

    private final long now;

    private final String runId;

    private final OutboxConfig config;

    /** The entries to store, in order. */
    final List<StoredCalls.Entry> keep = new ArrayList<>();

    /** The entries to send after the write, in order: taken over, then the new one. */
    final List<StoredCalls.Entry> toSend = new ArrayList<>();

    /** The ids of this run's delivered entries whose acknowledgement the write stores. */
    final Set<String> acknowledged = new HashSet<>();

    /** The run each entry of another run taken over was stored by, by entry id. */
    final Map<String, String> takenOver = new HashMap<>();

    /** The follow-ups of acknowledged deliveries not yet applied, to apply before the write. */
    final List<Consumer<FsmContext>> followUps = new ArrayList<>();

    /** Whether the stored list changed beyond acknowledgements (malformed entries or entries dropped). */
    boolean changed;

    /** Whether an acknowledgement is due now. */
    boolean ackDue;

    /** When the earliest acknowledgement is due. */
    long ackAt = Long.MAX_VALUE;

    private final Set<String> present = new HashSet<>();

    PendingEntries(StorageKey key, long now, String runId, OutboxConfig config) {
        this.key = key;
        this.now = now;
        this.runId = runId;
        this.config = config;
    }

    /**
     * Sorts the stored entries by what this run knows of them.
     *
     * @param raw the stored metadata entry
     * @param stored its well-formed entries
     * @param deliveries this run's deliveries
     * @param applied the deliveries whose follow-ups were already applied
     */
    void sort(@Nullable Object raw, List<StoredCalls.Entry> stored, RunDeliveries deliveries, Set<String> applied) {
        changed = raw instanceof List<?> list && list.size() != stored.size();
        for (StoredCalls.Entry e : stored) {
            present.add(e.id());
            RunDeliveries.Tracked t = e.run().equals(runId) ? deliveries.get(e.id()) : null;
            RunDeliveries.State state = t != null ? t.state : null;
            if (state == RunDeliveries.State.DELIVERED) {
                acknowledged.add(e.id());
                if (!applied.contains(e.id())) {
                    synchronized (t) {
                        followUps.addAll(t.followUps);
                    }
                }
                ackAt = Math.min(ackAt, t.ackAt);
                ackDue |= ackAt <= now;
                continue;
            }
            if (state == RunDeliveries.State.IN_FLIGHT) {
                keep.add(e);
                continue;
            }
            boolean stoppedRun = t == null && config.exclusiveStore() && !e.run().equals(runId);
            if (state == RunDeliveries.State.FAILED || stoppedRun
                    || now - e.at() >= config.redeliverAfter().toMillis()) {
                int done = state == RunDeliveries.State.FAILED ? Math.min(t.delivered, e.calls().size()) : 0;
                StoredCalls.Entry taken = e.withCalls(new ArrayList<>(e.calls().subList(done, e.calls().size())), runId,
                        now);
                if (state == null) {
                    takenOver.put(e.id(), e.run());
                }
                keep.add(taken);
                toSend.add(taken);
                continue;
            }
            keep.add(e);
            deliveries.schedule(key, e.at() + config.redeliverAfter().toMillis());
        }
        for (String id : deliveries.tracked(key)) {
            RunDeliveries.Tracked t = deliveries.get(id);
            if (t != null && t.state == RunDeliveries.State.DELIVERED && !present.contains(id)) {
                acknowledged.add(id);
            }
        }
    }

    /** Adds the unit of work's new entry, to store and send (replacing a stored one with its id). */
    void add(StoredCalls.Entry fresh) {
        keep.removeIf(e -> e.id().equals(fresh.id()));
        keep.add(fresh);
        toSend.add(fresh);
    }

    /** Drops the oldest entries beyond {@link OutboxRelay#MAX_PENDING_ENTRIES}, with a warning. */
    void trim() {
        while (keep.size() > OutboxRelay.MAX_PENDING_ENTRIES) {
            StoredCalls.Entry dropped = keep.remove(0);
            toSend.remove(dropped);
            changed = true;
            log.warn("Dropping {} undelivered Bot API call(s) of {}: more than {} entries are pending",
                    dropped.calls().size(), key, OutboxRelay.MAX_PENDING_ENTRIES);
        }
    }

    /** Tells whether a stored entry is acknowledged, so the write removes it. */
    boolean acknowledgesStored() {
        return present.stream().anyMatch(acknowledged::contains);
    }

    /** The entries to store, in their stored form, or {@code null} when none is left. */
    @Nullable
    List<Object> toPlain() {
        List<Object> plain = new ArrayList<>(keep.size());
        for (StoredCalls.Entry e : keep) {
            plain.add(e.toPlain());
        }
        return plain.isEmpty() ? null : plain;
    }
}
