package dev.tgfsm.storage.memory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
    @SuppressWarnings("unchecked")
    void save(WriteBatch batch) {
        List<RecordWrite> writes = batch.writes();
        int n = writes.size();
        // frozen copies only where a record's maps are not frozen already (nested values, numbers to normalise)
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
        if (n == 0) {
            applyDeadline(batch.deadline());
            if (batch.release() != null) {
                release(batch.lockKey(), batch.release());
            }
            return;
        }
        StorageKey conversation = batch.lockKey() != null ? batch.lockKey() : writes.get(0).key();
        synchronized (stripes.of(conversation)) {
            Instant stamp = settings.clock().instant();
            long now = stamp.toEpochMilli();
            try {
                FsmRecord firstCurrent = null;
                FsmRecord[] currents = n > 1 ? new FsmRecord[n] : null;
                for (int i = 0; i < n; i++) {
                    RecordWrite w = writes.get(i);
                    FsmRecord current = records.get(w.key(), now);
                    if (current.version() != w.expectedVersion()) {
                        throw new FsmConflictException(w.key(), w.expectedVersion(), current.version());
                    }
                    if (i == 0) {
                        firstCurrent = current;
                    }
                    else {
                        currents[i] = current;
                    }
                }
                for (int i = 0; i < n; i++) {
                    RecordWrite w = writes.get(i);
                    if (w.isDelete()) {
                        records.remove(w.key());
                    }
                    else {
                        boolean copied = data != null && data[i] != null;
                        records.put(w.key(), i == 0 ? firstCurrent : currents[i], w.record().state(),
                                copied ? data[i] : w.record().data(), copied ? meta[i] : w.record().meta(), w.ttl(),
                                stamp);
                    }
                }
                slideLifetime(conversation, writes, now);
                applyDeadline(batch.deadline());
            }
            finally {
                if (batch.release() != null) {
                    leases.release(batch.lockKey(), batch.release(), now);
                }
            }
        }
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
