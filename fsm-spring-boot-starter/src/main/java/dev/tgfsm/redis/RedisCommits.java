package dev.tgfsm.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.lettuce.core.ScriptOutputType;

import dev.tgfsm.CorruptRecordException;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.ConversationLifetime;
import dev.tgfsm.storage.DeadlineChange;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;

/**
 * The commit path of {@link RedisFsmStorage}: the keys and arguments of the commit script for a
 * batch (records changed or whole, the deadline change, the conversation's shared lifetime and the
 * lock release), one script per batch or pipelined for several, and its reply turned into the SPI's
 * exceptions.
 */
final class RedisCommits {

    /** How often a commit is sent again with the lifetime members the script named. */
    private static final int MAX_DECLARING_ATTEMPTS = 5;

    private final RedisChannel channel;

    private final KeyRenderer renderer;

    private final StorageConfig settings;

    private final RedisRecordFormat format;

    private final RedisDeadlines deadlines;

    /** The members of conversations' lifetime sets this process knows, passed to the commit script as keys. */
    private final LifetimeMembers lifetimeMembers = new LifetimeMembers();

    RedisCommits(RedisChannel channel, KeyRenderer renderer, StorageConfig settings, RedisRecordFormat format,
            RedisDeadlines deadlines) {
        this.channel = channel;
        this.renderer = renderer;
        this.settings = settings;
        this.format = format;
        this.deadlines = deadlines;
    }

    /** Writes one batch; see {@link RedisFsmStorage#save}. */
    void save(WriteBatch batch) {
        List<RecordWrite> writes = batch.writes();
        if (writes.isEmpty() && batch.release() == null) {
            if (batch.deadline() != null) {
                applyDeadline(batch.deadline());
            }
            return;
        }
        DeadlineChange deadline = batch.deadline();
        if (deadline != null && channel.cluster()) {
            // the index lives in its own Cluster slot: written first, so it may run early, never late
            applyDeadline(deadline);
            batch = batch.withDeadline(null);
        }
        List<Object> reply = commit(batch, writes, true, false);
        if ((Long) reply.get(0) == -4) {
            // a record was replaced by another of the same version: send whole records instead
            reply = commit(batch, writes, false, false);
        }
        checkCommitted(reply, writes);
    }

    /**
     * Writes the batches of several conversations in one commit script, the lock's conversation
     * first; see {@link RedisFsmStorage#saveTogether}.
     */
    void saveTogether(List<WriteBatch> batches) {
        WriteBatch releasing = WriteBatch.checkTogether(batches);
        WriteBatch lead = releasing != null ? releasing : batches.get(0);
        List<RecordWrite> writes = new ArrayList<>(lead.writes());
        for (WriteBatch batch : batches) {
            if (batch != lead) {
                writes.addAll(batch.writes());
            }
        }
        if (writes.isEmpty()) {
            save(lead);
            return;
        }
        List<Object> reply = commit(lead, writes, true, true);
        if ((Long) reply.get(0) == -4) {
            reply = commit(lead, writes, false, true);
        }
        checkCommitted(reply, writes);
    }

    /** Turns the commit script's reply into the SPI's exceptions. */
    private void checkCommitted(List<Object> reply, List<RecordWrite> writes) {
        long code = (Long) reply.get(0);
        if (code == -1) {
            RecordWrite failed = writes.get((int) (long) (Long) reply.get(1) - 1);
            throw new FsmConflictException(failed.key(), failed.expectedVersion(), (Long) reply.get(2));
        }
        if (code == -2) {
            RecordWrite failed = writes.get((int) (long) (Long) reply.get(1) - 1);
            throw new CorruptRecordException(renderer.render(failed.key()), RedisRecordFormat.text(reply.get(2)), null);
        }
    }

    /** Writes the batches' commit scripts pipelined; see {@link RedisFsmStorage#saveEach}. */
    List<RuntimeException> saveEach(List<WriteBatch> batches) {
        List<byte[][]> keys = new ArrayList<>(batches.size());
        List<byte[][]> args = new ArrayList<>(batches.size());
        List<Integer> pipelined = new ArrayList<>(batches.size());
        List<Call> calls = new ArrayList<>(batches.size());
        RuntimeException[] failures = new RuntimeException[batches.size()];
        boolean[] done = new boolean[batches.size()];
        for (int i = 0; i < batches.size(); i++) {
            WriteBatch batch = batches.get(i);
            if (batch.writes().isEmpty() || (batch.deadline() != null && channel.cluster())) {
                continue;
            }
            try {
                Call call = commitCall(batch, batch.writes(), true, false, false);
                keys.add(call.keys);
                args.add(call.args);
                calls.add(call);
                pipelined.add(i);
            }
            catch (RuntimeException ex) {
                failures[i] = ex;
                done[i] = true;
            }
        }
        List<Object> replies = pipelined.isEmpty() ? List.of()
                : channel.runAll(RedisScript.COMMIT, ScriptOutputType.MULTI, keys, args);
        for (int p = 0; p < pipelined.size(); p++) {
            int i = pipelined.get(p);
            Object reply = replies.get(p);
            if (reply instanceof RuntimeException ex) {
                failures[i] = ex;
                done[i] = true;
            }
            else if ((Long) ((List<?>) reply).get(0) == -5) {
                // members of a lifetime set this process did not know: saved on its own below
                learnMembers(batches.get(i), batches.get(i).writes(), (List<?>) reply);
            }
            else if ((Long) ((List<?>) reply).get(0) != -4) {
                done[i] = true;
                try {
                    @SuppressWarnings("unchecked")
                    List<Object> list = (List<Object>) reply;
                    checkCommitted(list, batches.get(i).writes());
                    calls.get(p).committed(list);
                }
                catch (RuntimeException ex) {
                    failures[i] = ex;
                }
            }
        }
        for (int i = 0; i < batches.size(); i++) {
            if (!done[i]) {
                try {
                    save(batches.get(i));
                }
                catch (RuntimeException ex) {
                    failures[i] = ex;
                }
            }
        }
        return Arrays.asList(failures);
    }

    private List<Object> commit(WriteBatch batch, List<RecordWrite> writes, boolean changesOnly,
            boolean keepOnConflict) {
        for (int attempt = 1;; attempt++) {
            Call call = commitCall(batch, writes, changesOnly, attempt > 1, keepOnConflict);
            List<Object> reply = channel.run(RedisScript.COMMIT, ScriptOutputType.MULTI, call.keys, call.args);
            if ((Long) reply.get(0) != -5 || attempt >= MAX_DECLARING_ATTEMPTS) {
                call.committed(reply);
                return reply;
            }
            // the lifetime set has members whose keys were not passed: nothing was written, pass them
            learnMembers(batch, writes, reply);
        }
    }

    /** Remembers the lifetime members a commit script named ({@code {-5, destiny...}}). */
    private void learnMembers(WriteBatch batch, List<RecordWrite> writes, List<?> reply) {
        StorageKey anyKey = batch.lockKey() != null ? batch.lockKey() : writes.get(0).key();
        List<String> named = new ArrayList<>(reply.size() - 1);
        for (int i = 1; i < reply.size(); i++) {
            named.add(RedisRecordFormat.text(reply.get(i)));
        }
        lifetimeMembers.named(renderer.conversation(anyKey), named);
    }

    /**
     * The keys and arguments of one commit script call, and what its reply tells of the
     * conversation's lifetime members.
     */
    private final class Call {

        final byte[][] keys;

        final byte[][] args;

        /** The conversation when the batch writes records sharing its lifetime, else {@code null}. */
        final String conversation;

        final List<String> sharing;

        final long expiry;

        final long step;

        Call(byte[][] keys, byte[][] args, String conversation, List<String> sharing, long expiry, long step) {
            this.keys = keys;
            this.args = args;
            this.conversation = conversation;
            this.sharing = sharing;
            this.expiry = expiry;
            this.step = step;
        }

        /** Learns from an applied commit ({@code {1}}, or {@code {1, 1}} when the others moved) what its members hold. */
        void committed(List<Object> reply) {
            if (conversation != null && (Long) reply.get(0) == 1) {
                lifetimeMembers.committed(conversation, sharing, expiry, step, reply.size() > 1);
            }
        }
    }

    /**
     * The keys and arguments of the commit script for a batch (and the writes of other conversations
     * saved together with it, after its own); the keys of the conversation's other lifetime members
     * only when the commit may move them, or when {@code allMembers}; the lock kept on a conflict when
     * {@code keepOnConflict}.
     */
    private Call commitCall(WriteBatch batch, List<RecordWrite> writes, boolean changesOnly, boolean allMembers,
            boolean keepOnConflict) {
        StorageKey anyKey = batch.lockKey() != null ? batch.lockKey() : writes.get(0).key();
        String nowText = String.valueOf(settings.clock().millis());
        long nowMillis = Long.parseLong(nowText);
        DeadlineChange deadline = batch.deadline();
        long lifetime = sharedLifetime(writes);
        String conversation = lifetime > 0 ? renderer.conversation(anyKey) : null;
        List<String> siblings = List.of();
        List<String> sharing = List.of();
        long expiry = nowMillis + lifetime;
        long step = ConversationLifetime.stepMillis(lifetime);
        if (conversation != null) {
            List<String> written = new ArrayList<>(writes.size());
            sharing = new ArrayList<>(writes.size());
            boolean fresh = false;
            for (RecordWrite write : writes) {
                if (!write.key().sameConversation(anyKey)) {
                    continue; // another conversation's record written together: no member
                }
                // a member is the written key's part after the conversation, as the script stores it
                String member = renderer.render(write.key()).substring(conversation.length() + 1);
                written.add(member);
                if (sharesLifetime(write)) {
                    sharing.add(member);
                    fresh |= write.expectedVersion() == 0;
                }
            }
            siblings = lifetimeMembers.forCommit(conversation, written, sharing, fresh, expiry, step, allMembers);
        }
        byte[][] keys = new byte[writes.size() + (deadline == null ? 1 : 4)
                + (lifetime > 0 ? 1 + siblings.size() : 0)][];
        keys[0] = RedisRecordFormat.bytes(renderer.conversation(anyKey) + RedisFsmStorage.LOCK_SUFFIX);
        List<byte[]> args = RedisRecordFormat.list(6 + writes.size() * 12);
        args.add(RedisRecordFormat.bytes(nowText));
        args.add(RedisRecordFormat.bytes(batch.release() == null ? ""
                : (keepOnConflict ? "+" : "") + batch.release().token()));
        for (int i = 0; i < writes.size(); i++) {
            RecordWrite write = writes.get(i);
            String rendered = renderer.render(write.key());
            keys[i + 1] = RedisRecordFormat.bytes(rendered);
            args.add(RedisRecordFormat.bytes(String.valueOf(write.expectedVersion())));
            FsmRecord record = write.record();
            FsmRecord base = changesOnly ? write.base() : null;
            if (record == null) {
                args.add(RedisRecordFormat.bytes(base == null ? "d" : "e"));
                for (String blank : new String[]{"0", "", "", "0", "0"}) {
                    args.add(RedisRecordFormat.bytes(blank));
                }
                continue;
            }
            if (base != null && base.exists() && base.createdAt() == null) {
                base = null; // its creation time cannot be compared: write the whole record
            }
            List<byte[]> set = RedisRecordFormat.list(base == null ? record.data().size() * 2 + 4 : 8);
            List<byte[]> removed = RedisRecordFormat.list(0);
            byte[] meta = format.encodeMeta(record.meta());
            long dataSize = format.encodeChanges(record, meta, base, set, removed);
            settings.checkSize(rendered, RedisRecordFormat.size(dataSize, meta));
            args.add(RedisRecordFormat.bytes(base == null ? "p" : "c"));
            RedisRecordFormat.addTtl(args, write.ttl(), nowMillis);
            args.add(RedisRecordFormat.bytes(base == null || !base.exists() ? ""
                    : String.valueOf(base.createdAt().toEpochMilli())));
            args.add(RedisRecordFormat.bytes(String.valueOf(set.size() / 2)));
            args.add(RedisRecordFormat.bytes(String.valueOf(removed.size())));
            args.addAll(set);
            args.addAll(removed);
        }
        if (deadline != null) {
            System.arraycopy(deadlines.indexKeys(deadline.key()), 0, keys, writes.size() + 1, 3);
            args.add(RedisRecordFormat.bytes("@d"));
            args.add(RedisRecordFormat.bytes(deadline.isCancel() ? "x" : "s"));
            args.add(RedisRecordFormat.bytes(deadline.isCancel() ? "" : String.valueOf(deadline.at().toEpochMilli())));
            args.add(RedisRecordFormat.bytes(renderer.render(deadline.key())));
            args.add(RedisRecordFormat.bytes(String.valueOf(deadline.key().botId())));
        }
        if (lifetime > 0) {
            StringBuilder flags = new StringBuilder(writes.size());
            for (RecordWrite write : writes) {
                flags.append(sharesLifetime(write) ? '1' : '0');
            }
            // the keys of the members not written, after the deadline keys, then the set itself
            for (int i = 0; i < siblings.size(); i++) {
                keys[keys.length - 1 - siblings.size() + i] = RedisRecordFormat
                        .bytes(conversation + ":" + siblings.get(i));
            }
            keys[keys.length - 1] = RedisRecordFormat.bytes(conversation + RedisFsmStorage.LIFETIME_SUFFIX);
            args.add(RedisRecordFormat.bytes("@l"));
            args.add(RedisRecordFormat.bytes(String.valueOf(lifetime)));
            args.add(RedisRecordFormat.bytes(String.valueOf(expiry)));
            args.add(RedisRecordFormat.bytes(String.valueOf(step)));
            args.add(RedisRecordFormat.bytes(conversation));
            args.add(RedisRecordFormat.bytes(flags.toString()));
        }
        return new Call(keys, args.toArray(RedisRecordFormat.NO_BYTES), conversation, sharing, expiry, step);
    }

    /** The longest TTL in ms a write of the batch gives a record sharing its conversation's lifetime, or 0. */
    private static long sharedLifetime(List<RecordWrite> writes) {
        long longest = 0;
        for (int i = 0; i < writes.size(); i++) {
            RecordWrite write = writes.get(i);
            if (sharesLifetime(write)) {
                longest = Math.max(longest, Math.max(1, write.ttl().toMillis()));
            }
        }
        return longest;
    }

    private static boolean sharesLifetime(RecordWrite write) {
        return !write.isDelete() && write.ttl() != null && ConversationLifetime.shares(write.key().destiny());
    }

    private void applyDeadline(DeadlineChange deadline) {
        if (deadline.isCancel()) {
            deadlines.cancel(deadline.key(), null);
        }
        else {
            deadlines.schedule(deadline.key(), deadline.at());
        }
    }
}
