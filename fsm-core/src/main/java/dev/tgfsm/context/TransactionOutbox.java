package dev.tgfsm.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.Outbox;
import dev.tgfsm.outbox.OutboxRelay;

/**
 * What one unit of work ({@link FsmTransaction}) has done once its commit is stored: the Bot API
 * calls of its {@link Outbox} (prepared into the main record before the write, sent after it, failed
 * with it, see {@link OutboxRelay}) and its after-commit work. Created empty; the outbox and the
 * list of work are made when first used.
 *
 * <p>Not thread-safe: used only while holding the transaction's monitor.
 */
final class TransactionOutbox {

    private static final Logger log = LoggerFactory.getLogger(TransactionOutbox.class);

    private final StorageKey key;

    private final @Nullable OutboxRelay relay;

    private @Nullable Outbox outbox;

    private @Nullable String language;

    /** The follow-ups of earlier deliveries applied as the main record was loaded. */
    private Set<String> appliedFollowUps = Set.of();

    /** Created by the first work added. */
    private @Nullable List<Runnable> afterCommit;

    TransactionOutbox(StorageKey key, @Nullable OutboxRelay relay) {
        this.key = key;
        this.relay = relay;
    }

    Outbox outbox() {
        if (outbox == null) {
            outbox = OutboxRelay.outboxOf(relay);
            outbox.setLanguage(language);
        }
        return outbox;
    }

    void setLanguage(@Nullable String language) {
        this.language = language;
        if (outbox != null) {
            outbox.setLanguage(language);
        }
    }

    void afterCommit(Runnable work) {
        if (afterCommit == null) {
            afterCommit = new ArrayList<>();
        }
        afterCommit.add(work);
    }

    /** Drops the after-commit work not run (the unit of work ends without another commit). */
    void dropAfterCommit() {
        if (afterCommit != null) {
            afterCommit.clear();
        }
    }

    /** Lets the outbox apply the follow-ups of earlier deliveries to the loaded main record. */
    void mainLoaded(Slot main) {
        if (relay != null) {
            appliedFollowUps = relay.applyFollowUps(key, main);
        }
    }

    /** Tells whether there is an outbox at all. */
    boolean relays() {
        return relay != null;
    }

    /** Tells whether calls are queued. */
    boolean queued() {
        return outbox != null && !outbox.isEmpty();
    }

    /**
     * Lets the outbox change the loaded main record before the write.
     *
     * @param writing whether the commit writes anyway
     */
    OutboxRelay.Prepared prepare(Slot main, boolean writing) {
        return relay.prepare(key, main, outbox, writing, appliedFollowUps);
    }

    /** Tells the outbox that the commit failed before the outbox could prepare its calls. */
    void notPrepared(RuntimeException failure) {
        if (relay != null) {
            relay.failed(null, outbox, failure);
        }
    }

    /** Tells the outbox that the write carrying its prepared calls failed: nothing is sent. */
    void notWritten(OutboxRelay.@Nullable Prepared prepared, RuntimeException failure) {
        if (prepared != null) {
            relay.failed(prepared, outbox, failure);
        }
    }

    /** Sends the prepared calls after their write succeeded; a failure leaves them stored for redelivery. */
    void written(OutboxRelay.@Nullable Prepared prepared) {
        if (prepared == null) {
            return;
        }
        try {
            relay.committed(prepared);
        }
        catch (RuntimeException ex) {
            log.warn("Sending the outbox of {} failed after its commit; it stays stored for redelivery: {}", key,
                    ex.toString());
        }
    }

    /** Runs the after-commit work added so far, once; a failing piece is logged and the rest still runs. */
    void runAfterCommit() {
        if (afterCommit == null || afterCommit.isEmpty()) {
            return;
        }
        List<Runnable> work = new ArrayList<>(afterCommit);
        afterCommit.clear();
        for (Runnable runnable : work) {
            try {
                runnable.run();
            }
            catch (RuntimeException ex) {
                log.warn("After-commit work of {} failed: {}", key, ex.toString());
            }
        }
    }
}
