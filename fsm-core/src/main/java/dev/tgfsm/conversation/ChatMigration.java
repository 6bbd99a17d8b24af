package dev.tgfsm.conversation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.Internal;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.key.Glob;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.Lease;
import dev.tgfsm.storage.LockAttempt;
import dev.tgfsm.storage.LockTimeoutException;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.WriteBatch;

/**
 * Moves a chat's conversations to another chat id: what happens when Telegram turns a group into a
 * supergroup ({@code migrate_to_chat_id}). Every conversation of one bot in the old chat (every user's,
 * every destiny, topics and per-message conversations too) is found with
 * {@link FsmStorage#listKeys} (a {@code SCAN} per node on Redis, a key-prefix range on SQL) and moved
 * under both conversations' locks, so it never races an update in flight on either chat id.
 *
 * <p>Each conversation is moved on its own, idempotently: a slot is written to the new chat only if
 * nothing is stored there yet (compare-and-set on version 0), then the old slots are deleted with a
 * version check. A slot that already exists in the new chat (the user wrote there before the move)
 * is newer and wins; the old one is dropped. Running the move again, twice at once, or after a crash
 * half-way, finds nothing left to move or finishes the rest. Keys of chat-wide strategies
 * ({@code CHAT}, {@code CHAT_TOPIC}) use the chat id as the user id too; that one moves as well.
 *
 * <p>What the records carry about the old chat is adjusted: the idle deadline's chat and its index
 * entry move with it; tracked garbage of the old chat is dropped (the old message ids are not valid in
 * the supergroup, and deleting by them there could hit other messages); pending outbox calls to the
 * old chat are re-addressed to the new one when they name no message, and dropped when they do
 * (edits, deletions, replies of old messages).
 *
 * <p>A moved record keeps its lifetime: one kept without a time to live (the scopes of
 * {@link DataScope}, preferences) is written without one, and one that expires is written with what
 * is left of its time to live, counted from when it was last written ({@link FsmRecord#updatedAt()},
 * stamped by the storage's clock) with the time to live of its destiny. Thread-safe.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class ChatMigration {

    /** The default lease held on each conversation while it moves. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);

    /** The default longest wait for a busy conversation's lock. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(ChatMigration.class);

    private final FsmStorage storage;

    private final Duration lease;

    private final Duration lockWait;

    private final Function<String, @Nullable Duration> ttlFor;

    private final @Nullable Clock clock;

    /**
     * Creates a migration with the default lease and lock wait; moved records that expire get the
     * storage's {@link FsmStorage#defaultTtl()} afresh, the others (scopes, preferences) none.
     *
     * @param storage where the conversations are kept
     */
    public ChatMigration(FsmStorage storage) {
        this(storage, DEFAULT_LEASE, DEFAULT_LOCK_WAIT);
    }

    /**
     * Creates a migration; moved records that expire get the storage's {@link FsmStorage#defaultTtl()}
     * afresh, the others (scopes, preferences) none.
     *
     * @param storage where the conversations are kept
     * @param lease the lease held on each conversation while it moves
     * @param lockWait the longest wait for a busy conversation's lock
     */
    public ChatMigration(FsmStorage storage, Duration lease, Duration lockWait) {
        this.storage = Objects.requireNonNull(storage, "storage must not be null");
        this.lease = Objects.requireNonNull(lease, "lease must not be null");
        this.lockWait = Objects.requireNonNull(lockWait, "lockWait must not be null");
        this.ttlFor = destiny -> ContextConfig.PREFERENCES_DESTINY.equals(destiny) ? null : storage.defaultTtl();
        this.clock = null; // the storage's clock is unknown here: an expiring record gets the whole default TTL
    }

    /**
     * Creates a migration that gives moved records what is left of their destiny's time to live.
     *
     * @param storage where the conversations are kept
     * @param lease the lease held on each conversation while it moves
     * @param lockWait the longest wait for a busy conversation's lock
     * @param ttlFor the time to live records of a destiny are written with, {@code null} for none (as
     *        {@link ContextConfig#ttlFor}); scope destinies ({@link DataScope}) are always kept without
     * @param clock the clock the storage stamps {@link FsmRecord#updatedAt()} with
     */
    public ChatMigration(FsmStorage storage, Duration lease, Duration lockWait,
            Function<String, @Nullable Duration> ttlFor, Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage must not be null");
        this.lease = Objects.requireNonNull(lease, "lease must not be null");
        this.lockWait = Objects.requireNonNull(lockWait, "lockWait must not be null");
        this.ttlFor = Objects.requireNonNull(ttlFor, "ttlFor must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /** What is left of a record's lifetime, or {@code null} if it is kept without a time to live. */
    private @Nullable Duration remainingTtl(String destiny, FsmRecord old) {
        if (DataScope.ofDestiny(destiny).isPresent()) {
            return null;
        }
        Duration ttl = ttlFor.apply(destiny);
        if (ttl == null || clock == null || old.updatedAt() == null) {
            return ttl;
        }
        Duration left = Duration.between(clock.instant(), old.updatedAt().plus(ttl));
        return left.toMillis() < 1 ? Duration.ofMillis(1) : left;
    }

    /**
     * Moves every conversation of a bot in one chat to another chat id.
     *
     * @param botId the bot
     * @param fromChat the old chat id (the group)
     * @param toChat the new chat id (the supergroup)
     * @return how many slots were moved to the new chat by this call
     * @throws IllegalArgumentException if both ids are the same
     * @throws LockTimeoutException if a conversation stayed busy longer than the lock wait
     */
    public int migrate(long botId, long fromChat, long toChat) {
        if (fromChat == toChat) {
            throw new IllegalArgumentException("A chat cannot migrate to itself: " + fromChat);
        }
        Map<StorageKey, List<StorageKey>> conversations = new LinkedHashMap<>();
        try (Stream<StorageKey> keys = storage.listKeys(Glob.quote("{" + botId + ":" + fromChat + ":") + "*")) {
            keys.filter(k -> k.botId() == botId && k.chatId() == fromChat)
                    .forEach(k -> conversations.computeIfAbsent(k.withDestiny(StorageKey.DEFAULT_DESTINY),
                            c -> new ArrayList<>()).add(k));
        }
        int moved = 0;
        for (Map.Entry<StorageKey, List<StorageKey>> conversation : conversations.entrySet()) {
            moved += moveConversation(conversation.getKey(), conversation.getValue(), fromChat, toChat);
        }
        if (!conversations.isEmpty()) {
            log.info("Chat {} of bot {} migrated to {}: {} conversation(s), {} slot(s) moved", fromChat, botId, toChat,
                    conversations.size(), moved);
        }
        return moved;
    }

    private int moveConversation(StorageKey oldConversation, List<StorageKey> oldKeys, long fromChat, long toChat) {
        StorageKey newConversation = moved(oldConversation, fromChat, toChat);
        List<StorageKey> newKeys = oldKeys.stream().map(k -> moved(k, fromChat, toChat)).toList();
        for (int attempt = 1;; attempt++) {
            Lease oldLease = Lease.random(lease);
            Map<StorageKey, FsmRecord> olds = lock(oldConversation, oldLease, oldKeys);
            Lease newLease = Lease.random(lease);
            Map<StorageKey, FsmRecord> news;
            try {
                news = lock(newConversation, newLease, newKeys);
            }
            catch (RuntimeException ex) {
                storage.unlock(oldConversation, oldLease);
                throw ex;
            }
            List<RecordWrite> puts = new ArrayList<>();
            List<RecordWrite> deletes = new ArrayList<>();
            @Nullable
            FsmRecord movedMain = null;
            boolean hadDeadline = false;
            for (int i = 0; i < oldKeys.size(); i++) {
                FsmRecord old = olds.get(oldKeys.get(i));
                if (old == null || !old.exists()) {
                    continue;
                }
                deletes.add(RecordWrite.delete(oldKeys.get(i), old.version()));
                hadDeadline |= MigratedMeta.deadlineIndexTime(old.meta()) != null;
                if (!news.get(newKeys.get(i)).exists()) {
                    FsmRecord adjusted = old.withMeta(MigratedMeta.adjust(old.meta(), fromChat, toChat));
                    puts.add(RecordWrite.put(newKeys.get(i), adjusted, 0, remainingTtl(newKeys.get(i).destiny(), old)));
                    if (StorageKey.DEFAULT_DESTINY.equals(newKeys.get(i).destiny())) {
                        movedMain = adjusted;
                    }
                }
            }
            try {
                storage.save(WriteBatch.releasing(puts, newConversation, newLease));
            }
            catch (FsmConflictException ex) {
                storage.unlock(oldConversation, oldLease);
                if (attempt >= 10) {
                    throw ex;
                }
                continue;
            }
            if (hadDeadline) {
                // indexed before the old slots go: a process dying after their deletion leaves nothing to
                // find the deadline by (the new main record as it now is: moved here, or there already)
                FsmRecord newMain = movedMain != null ? movedMain : news.getOrDefault(newConversation, FsmRecord.EMPTY);
                Instant at = MigratedMeta.deadlineIndexTime(newMain.meta());
                if (at != null) {
                    DeadlineIndex.of(storage).scheduleDeadline(newConversation, at);
                }
            }
            try {
                storage.save(WriteBatch.releasing(deletes, oldConversation, oldLease));
            }
            catch (FsmConflictException ex) {
                if (attempt >= 10) {
                    throw ex;
                }
                continue;
            }
            if (hadDeadline) {
                DeadlineIndex.of(storage).cancelDeadline(oldConversation, null);
            }
            return puts.size();
        }
    }

    private Map<StorageKey, FsmRecord> lock(StorageKey conversation, Lease held, List<StorageKey> keys) {
        long deadline = System.nanoTime() + lockWait.toNanos();
        long pauseMillis = 1;
        while (true) {
            LockAttempt attempt = storage.lockAndLoad(conversation, held, keys);
            if (attempt.acquired()) {
                return attempt.records();
            }
            if (System.nanoTime() > deadline) {
                throw new LockTimeoutException(conversation, lockWait, attempt.holderRemaining());
            }
            try {
                Thread.sleep(Math.min(pauseMillis, Math.max(1, attempt.holderRemaining().toMillis())));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new LockTimeoutException(conversation, lockWait);
            }
            pauseMillis = Math.min(pauseMillis * 2, 50);
        }
    }

    /** The key in the new chat: the chat id changes, and the user id too where it stood for the chat. */
    static StorageKey moved(StorageKey key, long fromChat, long toChat) {
        long user = key.userId() == fromChat ? toChat : key.userId();
        return new StorageKey(key.botId(), toChat, user, key.threadId(), key.businessConnectionId(), key.destiny(),
                key.messageScope());
    }
}
