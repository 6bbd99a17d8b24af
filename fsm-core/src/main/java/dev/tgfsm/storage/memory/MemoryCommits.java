package dev.tgfsm.storage.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.ConversationLifetime;
import dev.tgfsm.storage.DeadlineChange;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;

/**
 * The commit path of {@link InMemoryFsmStorage}: a batch's records frozen and size-checked outside
 * any lock, then version-checked and written under the conversation's stripe monitor together with
 * the slide of the conversation's lifetime, the deadline change and the lease release.
 */
final class MemoryCommits {

    private static final KeyRenderer RENDERER = new KeyRenderer("");

    private final StorageConfig settings;

    private final FrozenJson json;

    private final RecordTable records;

    private final LeaseTable leases;

    private final DeadlineTable deadlines;

    private final Stripes stripes;

    MemoryCommits(StorageConfig settings, FrozenJson json, RecordTable records, LeaseTable leases,
            DeadlineTable deadlines, Stripes stripes) {
        this.settings = settings;
        this.json = json;
        this.records = records;
        this.leases = leases;
        this.deadlines = deadlines;
        this.stripes = stripes;
    }

    /** Writes one batch; see {@link InMemoryFsmStorage#save}. */
    void save(WriteBatch batch) {
        Frozen frozen = freeze(batch);
        if (batch.writes().isEmpty()) {
            applyDeadline(batch.deadline());
            if (batch.release() != null) {
                release(batch.lockKey(), batch.release());
            }
            return;
        }
        StorageKey conversation = conversationOf(batch);
        synchronized (stripes.of(conversation)) {
            Instant stamp = settings.clock().instant();
            try {
                write(batch, frozen, check(batch, stamp.toEpochMilli()), stamp);
            }
            finally {
                if (batch.release() != null) {
                    leases.release(batch.lockKey(), batch.release(), stamp.toEpochMilli());
                }
            }
        }
    }

    /**
     * Writes the batches of several conversations all or nothing, under the monitors of all of them
     * (taken in a fixed order); see {@link InMemoryFsmStorage#saveTogether}.
     */
    void saveTogether(List<WriteBatch> batches) {
        WriteBatch releasing = WriteBatch.checkTogether(batches);
        List<Frozen> frozen = new ArrayList<>(batches.size());
        for (WriteBatch batch : batches) {
            try {
                frozen.add(freeze(batch));
            }
            catch (RuntimeException ex) {
                if (releasing != null && batch != releasing) {
                    release(releasing.lockKey(), releasing.release());
                }
                throw ex;
            }
        }
        TreeSet<Integer> monitors = new TreeSet<>();
        for (WriteBatch batch : batches) {
            if (releasing == batch || !batch.writes().isEmpty()) {
                monitors.add(stripes.indexOf(conversationOf(batch)));
            }
        }
        inMonitors(new ArrayList<>(monitors), 0, () -> {
            Instant stamp = settings.clock().instant();
            long now = stamp.toEpochMilli();
            // on a conflict the lock stays held, for the caller to read again and retry
            List<FsmRecord[]> found = new ArrayList<>(batches.size());
            for (WriteBatch batch : batches) {
                found.add(check(batch, now));
            }
            for (int i = 0; i < batches.size(); i++) {
                if (!batches.get(i).writes().isEmpty()) {
                    write(batches.get(i), frozen.get(i), found.get(i), stamp);
                }
            }
            if (releasing != null) {
                leases.release(releasing.lockKey(), releasing.release(), now);
            }
        });
    }

    /** Runs the work holding the stripe monitors from {@code from} on, in their order. */
    private void inMonitors(List<Integer> indexes, int from, Runnable work) {
        if (from == indexes.size()) {
            work.run();
            return;
        }
        synchronized (stripes.at(indexes.get(from))) {
            inMonitors(indexes, from + 1, work);
        }
    }

    private static StorageKey conversationOf(WriteBatch batch) {
        return batch.lockKey() != null ? batch.lockKey() : batch.writes().get(0).key();
    }

    /**
     * A batch's records frozen where their maps are not frozen already (nested values, numbers to
     * normalise) and size-checked, outside any monitor; a lease the batch releases is released when
     * this fails.
     */
    private record Frozen(Map<String, Object> @Nullable [] data, Map<String, Object> @Nullable [] meta) {
    }

    @SuppressWarnings("unchecked")
    private Frozen freeze(WriteBatch batch) {
        List<RecordWrite> writes = batch.writes();
        int n = writes.size();
        Map<String, Object>[] data = null;
        Map<String, Object>[] meta = null;
        try {
            for (int i = 0; i < n; i++) {
                RecordWrite w = writes.get(i);
                if (!w.isDelete()) {
                    Map<String, Object> d = json.freezeObject(w.record().data());
                    Map<String, Object> m = json.freezeObject(w.record().meta());
                    checkSize(w.key(), d, m);
                    if (d != w.record().data() || m != w.record().meta()) {
                        if (data == null) {
                            data = new Map[n];
                            meta = new Map[n];
                        }
                        data[i] = d;
                        meta[i] = m;
                    }
                }
            }
        }
        catch (RuntimeException ex) {
            if (batch.release() != null) {
                release(batch.lockKey(), batch.release());
            }
            throw ex;
        }
        return new Frozen(data, meta);
    }

    /** The records the batch's writes replace, once every version matched; under the monitor. */
    private FsmRecord[] check(WriteBatch batch, long now) {
        List<RecordWrite> writes = batch.writes();
        FsmRecord[] currents = new FsmRecord[writes.size()];
        for (int i = 0; i < writes.size(); i++) {
            RecordWrite w = writes.get(i);
            FsmRecord current = records.get(w.key(), now);
            if (current.version() != w.expectedVersion()) {
                throw new FsmConflictException(w.key(), w.expectedVersion(), current.version());
            }
            currents[i] = current;
        }
        return currents;
    }

    /** Writes a checked batch, slides its conversation's lifetime and applies its deadline; under the monitor. */
    private void write(WriteBatch batch, Frozen frozen, FsmRecord[] currents, Instant stamp) {
        List<RecordWrite> writes = batch.writes();
        for (int i = 0; i < writes.size(); i++) {
            RecordWrite w = writes.get(i);
            if (w.isDelete()) {
                records.remove(w.key());
            }
            else {
                boolean copied = frozen.data() != null && frozen.data()[i] != null;
                records.put(w.key(), currents[i], w.record().state(), copied ? frozen.data()[i] : w.record().data(),
                        copied ? frozen.meta()[i] : w.record().meta(), w.ttl(), stamp);
            }
        }
        slideLifetime(conversationOf(batch), writes, stamp.toEpochMilli());
        applyDeadline(batch.deadline());
    }

    /**
     * One lifetime per conversation ({@link ConversationLifetime}): the latest expiry a write of the
     * batch gives is given to the conversation's other expiring records that it passes by more than a step.
     */
    private void slideLifetime(StorageKey conversation, List<RecordWrite> writes, long now) {
        long expiresAt = 0;
        long step = 0;
        for (int i = 0; i < writes.size(); i++) {
            RecordWrite w = writes.get(i);
            if (!w.isDelete() && w.ttl() != null && ConversationLifetime.shares(w.key().destiny())) {
                expiresAt = Math.max(expiresAt, now + w.ttl().toMillis());
                step = Math.max(step, ConversationLifetime.stepMillis(w.ttl().toMillis()));
            }
        }
        if (expiresAt > 0) {
            records.slide(conversation, writes, expiresAt, step, now);
        }
    }

    private void applyDeadline(DeadlineChange deadline) {
        if (deadline == null) {
            return;
        }
        if (deadline.isCancel()) {
            deadlines.cancel(deadline.key(), null);
        }
        else {
            deadlines.schedule(deadline.key(), deadline.at().toEpochMilli());
        }
    }

    /**
     * The size guard: a cheap upper bound first (no character read), the estimate only for a record
     * whose bound exceeds the limit.
     */
    void checkSize(StorageKey key, Map<String, Object> data, Map<String, Object> meta) {
        if (FrozenJson.sizeBound(data) + FrozenJson.sizeBound(meta) <= settings.maxRecordBytes()) {
            return;
        }
        long size = FrozenJson.estimateSize(data) + FrozenJson.estimateSize(meta);
        if (size > settings.maxRecordBytes()) {
            settings.checkSize(RENDERER.canonical(key), size);
        }
    }

    /** Releases a batch's lease when the batch writes nothing; see {@link InMemoryFsmStorage#unlock}. */
    private void release(StorageKey lockKey, Lease lease) {
        Objects.requireNonNull(lease, "lease must not be null");
        synchronized (stripes.of(lockKey)) {
            leases.release(lockKey, lease, settings.clock().millis());
        }
    }
}
