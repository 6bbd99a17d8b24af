package dev.tgfsm.conversation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.feature.FeatureMigrationJobMain;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.ForwardingFsmStorage;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.WriteBatch;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

/**
 * A bot as its own JVM, for a crash test of scope changes: the members of a group send updates that
 * count in their conversation, their user scope and the chat's scope. Every update has a fixed id,
 * so a run after a crash redelivers them all, as Telegram does (those committed are skipped).
 * Optionally the process stops right before a chosen write, prints {@code stopped} and waits to be
 * killed: {@code scope} before the n-th write of a scope record (after its conversation's commit),
 * {@code clear} before the n-th write that clears applied scope operations from a conversation,
 * {@code together} before the n-th write of scope records and the clearing in one atomic write.
 * Prints {@code done} when every update is handled.
 *
 * <p>Arguments: {@code redis <url> <key prefix>} or {@code jdbc <url> <table prefix>}, then the bot
 * id, the group, the number of members, the updates per member, {@code scope|clear|together|none}, n,
 * and {@code together} or {@code apart}: whether the store writes the scopes with the clearing in one
 * atomic write, as it can, or apart, as a Redis Cluster does for records in other hash slots.
 */
public final class ScopeUpdatesMain {

    /** The conversation's bookkeeping entry of scope operations not yet cleared. */
    static final String PENDING = "tgfsm.scopeOps";

    /** The scope record's bookkeeping entry of applied operations. */
    static final String APPLIED = "tgfsm.applied";

    private ScopeUpdatesMain() {
    }

    /** Counts the update in the conversation, the user's scope and the chat's scope. */
    static final UpdateHandler COUNTING = u -> {
        int seen = (Integer) u.context().getData().getOrDefault("updates", 0);
        u.context().updateData(Map.of("updates", seen + 1));
        u.scope(DataScope.USER).increment("updates", 1);
        u.scope(DataScope.CHAT).increment("updates", 1);
    };

    /**
     * Runs the bot.
     *
     * @param args see the class description
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        long bot = Long.parseLong(args[3]);
        long group = Long.parseLong(args[4]);
        int members = Integer.parseInt(args[5]);
        int perMember = Integer.parseInt(args[6]);
        String stopBefore = args[7];
        int n = Integer.parseInt(args[8]);
        boolean together = args.length > 9 && args[9].equals("together");
        FsmStorage storage = new Stopping(FeatureMigrationJobMain.storage(args[0], args[1], args[2]), stopBefore, n,
                together);
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withLock(Duration.ofSeconds(2), Duration.ofSeconds(20)), new LeaseKeeper());
        Updates updates = new Updates(MutableClock.now());
        List<CompletableFuture<Void>> handled = new ArrayList<>();
        try (UpdateDispatcher dispatcher = new UpdateDispatcher(bot, KeyStrategy.USER_IN_CHAT, contexts, COUNTING,
                DispatcherConfig.ofDefaults().withThreads(1), null)) {
            for (int i = 0; i < perMember; i++) {
                for (int m = 0; m < members; m++) {
                    Update update = updates.text(group, m + 1, "update " + i);
                    update.setUpdateId(1 + i * members + m);
                    handled.add(dispatcher.submit(update));
                }
            }
            for (CompletableFuture<Void> update : handled) {
                update.get(60, TimeUnit.SECONDS);
            }
        }
        System.out.println("done");
        System.out.flush();
        System.exit(0);
    }

    /** The storage, stopping for good right before the n-th write of a kind. */
    private static final class Stopping extends ForwardingFsmStorage {

        private final String before;

        private final int n;

        private final boolean together;

        private final AtomicInteger seen = new AtomicInteger();

        Stopping(FsmStorage delegate, String before, int n, boolean together) {
            super(delegate);
            this.before = before;
            this.n = n;
            this.together = together;
        }

        @Override
        public boolean writesTogether(StorageKey conversation, StorageKey other) {
            return together && super.writesTogether(conversation, other);
        }

        @Override
        public void save(WriteBatch batch) {
            stopIf(kind(batch), batch);
            super.save(batch);
        }

        @Override
        public List<RuntimeException> saveEach(List<WriteBatch> batches) {
            // one by one, so that a stop before a scope write strikes the scope writes sent together too
            List<RuntimeException> failures = new ArrayList<>(batches.size());
            for (WriteBatch batch : batches) {
                try {
                    save(batch);
                    failures.add(null);
                }
                catch (RuntimeException ex) {
                    failures.add(ex);
                }
            }
            return failures;
        }

        @Override
        public void saveTogether(List<WriteBatch> batches) {
            stopIf("together", batches.get(0));
            super.saveTogether(batches);
        }

        private void stopIf(String kind, WriteBatch batch) {
            if (before.equals(kind) && seen.incrementAndGet() == n) {
                System.out.println("stopped before " + (batch.writes().isEmpty() ? batch.lockKey()
                        : batch.writes().get(0).key()));
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private static String kind(WriteBatch batch) {
            for (RecordWrite write : batch.writes()) {
                if (write.key().destiny().equals(StorageKey.DEFAULT_DESTINY)) {
                    boolean wasPending = write.base() != null && write.base().meta().containsKey(PENDING);
                    boolean isPending = write.record() != null && write.record().meta().containsKey(PENDING);
                    return wasPending && !isPending && batch.writes().size() == 1 ? "clear" : "commit";
                }
            }
            return batch.writes().isEmpty() ? "unlock" : "scope";
        }
    }
}
