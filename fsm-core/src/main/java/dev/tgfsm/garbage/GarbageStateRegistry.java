package dev.tgfsm.garbage;

import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.Internal;
import dev.tgfsm.context.EngineContext;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.outbox.OnSent;
import dev.tgfsm.outbox.Outbox;

/**
 * The garbage-message registry: chat messages to clean up later (prompts, old keyboards,
 * notifications, optionally the user's own input), tracked per conversation slot.
 *
 * <p>The tracked messages live in the slot's metadata ({@value #META}), so tracking commits
 * atomically with the rest of the update and survives restarts. The list is bounded by
 * {@link GarbageConfig#maxTracked()}; the oldest entries are dropped (forgotten) first. A message
 * tracked twice is kept once.
 *
 * <p>{@link #attach} registers a listener on a unit of work: when the slot's state changes (except
 * when leaving a state in {@link GarbageConfig#keepWhenLeaving()}), everything tracked so far is
 * taken out of the metadata in the same commit and the deletions are queued in the unit of work's
 * {@linkplain Outbox outbox}: stored with the commit and sent after it succeeded
 * (and again after a crash); if the commit fails, nothing is deleted and the messages stay tracked. Deletion goes through
 * {@code deleteMessages} per chat in batches of at most 100; messages past
 * {@link GarbageConfig#maxAge()} are skipped or edited. Clean-up is idempotent: collected messages
 * are no longer tracked, and a message already gone is not an error.
 *
 * <p>For a Director or a flow engine: {@link #track}, {@link #trackSent}, {@link #send},
 * {@link #tracking}, {@link #collect} and {@link #deleteAfterCommit} (or, outside a unit of work,
 * {@link #delete} and {@link #cleanUp}, which call the Bot API at once). Thread-safe.
 *
 * <p>Internal: not part of the public API; it may change in any release. Applications track messages
 * through its API face, {@link GarbageTracker}.
 */
@Internal
public final class GarbageStateRegistry implements GarbageTracker {

    /** The metadata entry holding the tracked messages. */
    public static final String META = "garbage";

    private static final Logger log = LoggerFactory.getLogger(GarbageStateRegistry.class);

    private final TelegramClient client;

    private final GarbageConfig config;

    private final Clock clock;

    private final MessageDeleter deleter;

    private final LongAdder cleaned = new LongAdder();

    /**
     * Creates a registry.
     *
     * @param client deletes and edits messages at once ({@link #delete}, {@link #cleanUp}); inside a unit
     *        of work deletions go through its outbox instead
     * @param config the configuration
     * @param clock dates tracked messages and decides which are too old
     */
    public GarbageStateRegistry(TelegramClient client, GarbageConfig config, Clock clock) {
        this(client, config, clock, OutboundLimiter.unlimited());
    }

    /**
     * Creates a registry whose immediate deletions pass an outbound limiter.
     *
     * @param client deletes and edits messages at once ({@link #delete}, {@link #cleanUp}); inside a unit
     *        of work deletions go through its outbox instead
     * @param config the configuration
     * @param clock dates tracked messages and decides which are too old
     * @param limiter the flood control immediate deletions pass
     */
    public GarbageStateRegistry(TelegramClient client, GarbageConfig config, Clock clock, OutboundLimiter limiter) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.deleter = new MessageDeleter(client, config, Objects.requireNonNull(limiter, "limiter must not be null"));
    }

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    public GarbageConfig config() {
        return config;
    }

    @Override
    public void track(FsmContext ctx, int messageId) {
        Objects.requireNonNull(ctx, "ctx must not be null");
        track(ctx, ctx.key().chatId(), messageId, clock.instant());
    }

    @Override
    public void track(FsmContext ctx, long chatId, int messageId, Instant sentAt) {
        Objects.requireNonNull(ctx, "ctx must not be null");
        TrackedMessage entry = new TrackedMessage(chatId, messageId, sentAt);
        List<TrackedMessage> list = new ArrayList<>(tracked(ctx));
        list.removeIf(entry::sameMessage);
        list.add(entry);
        while (list.size() > config.maxTracked()) {
            list.remove(0);
        }
        store(ctx, list);
    }

    @Override
    public Message trackSent(FsmContext ctx, Message sent) {
        Objects.requireNonNull(sent, "sent must not be null");
        Instant at = sent.getDate() != null ? Instant.ofEpochSecond(sent.getDate()) : clock.instant();
        track(ctx, sent.getChatId(), sent.getMessageId(), at);
        return sent;
    }

    /**
     * Queues a message in the unit of work's outbox and tracks it in the main slot once it was
     * delivered (the tracking is stored with the delivery's acknowledgement).
     *
     * @param tx the unit of work
     * @param method the send request
     */
    public void send(FsmTransaction tx, BotApiMethod<Message> method) {
        Objects.requireNonNull(tx, "tx must not be null");
        tx.outbox().send(method, tracking(StorageKey.DEFAULT_DESTINY));
    }

    @Override
    public OnSent<Message> tracking(String destiny) {
        Objects.requireNonNull(destiny, "destiny must not be null");
        return sent -> sent == null || sent.getMessageId() == null ? null
                : main -> trackSent(main.destiny(destiny), sent);
    }

    /**
     * Returns the messages tracked in a slot, oldest first.
     *
     * @param ctx the conversation slot
     * @return the messages
     */
    public List<TrackedMessage> tracked(FsmContext ctx) {
        Object raw = EngineContext.of(ctx).getMeta(META);
        if (!(raw instanceof List<?> items)) {
            return List.of();
        }
        List<TrackedMessage> out = new ArrayList<>(items.size());
        for (Object item : items) {
            TrackedMessage message = TrackedMessage.fromPlain(item);
            if (message != null) {
                out.add(message);
            }
        }
        return out;
    }

    /**
     * Takes every tracked message out of a slot (in the same unit of work) and returns them, to be
     * {@linkplain #delete deleted} once the change is stored.
     *
     * @param ctx the conversation slot
     * @return the messages that were tracked, oldest first
     */
    public List<TrackedMessage> collect(FsmContext ctx) {
        List<TrackedMessage> list = tracked(ctx);
        if (!list.isEmpty() || EngineContext.of(ctx).getMeta(META) != null) {
            EngineContext.of(ctx).setMeta(META, null);
        }
        return list;
    }

    /**
     * Deletes messages now.
     *
     * @param messages the messages, for example from {@link #collect}
     * @return what was done
     */
    public CleanupResult delete(List<TrackedMessage> messages) {
        Objects.requireNonNull(messages, "messages must not be null");
        if (messages.isEmpty()) {
            return CleanupResult.NOTHING;
        }
        CleanupResult result = deleter.delete(messages, clock.instant());
        cleaned.add(messages.size());
        log.debug("Garbage clean-up: {}", result);
        return result;
    }

    /**
     * Returns how many tracked messages were collected for clean-up since this registry was made: by
     * {@link #delete} at once, or by a unit of work that then committed (their deletion, or their edit
     * when too old to delete, is then sent after the commit).
     *
     * @return the count
     */
    public long cleanedUp() {
        return cleaned.sum();
    }

    /**
     * Queues the deletion of messages in a unit of work's outbox: sent after its commit.
     *
     * @param tx the unit of work
     * @param messages the messages, for example from {@link #collect}
     */
    public void deleteAfterCommit(FsmTransaction tx, List<TrackedMessage> messages) {
        Objects.requireNonNull(tx, "tx must not be null");
        for (BotApiMethod<? extends Serializable> call : deleter.calls(messages, clock.instant())) {
            tx.outbox().send(call);
        }
        tx.afterCommit(() -> cleaned.add(messages.size()));
    }

    /**
     * Collects and deletes at once: for write-through contexts, or when a flow ends outside an
     * update. Deletes immediately; inside a unit of work prefer {@link #attach} or
     * {@link #deleteAfterCommit}, which delete only after the commit.
     *
     * @param ctx the conversation slot
     * @return what was done
     */
    public CleanupResult cleanUp(FsmContext ctx) {
        return delete(collect(ctx));
    }

    /**
     * Cleans up on every state change in a unit of work, after its commit.
     *
     * @param tx the unit of work of one update
     */
    public void attach(FsmTransaction tx) {
        Objects.requireNonNull(tx, "tx must not be null");
        tx.addListener((key, from, to) -> {
            if (Objects.equals(from, to) || (from != null && config.keepWhenLeaving().contains(from))) {
                return;
            }
            List<TrackedMessage> collected = collect(tx.context(key.destiny()));
            if (!collected.isEmpty()) {
                deleteAfterCommit(tx, collected);
            }
        });
    }

    private static void store(FsmContext ctx, List<TrackedMessage> list) {
        List<Object> plain = new ArrayList<>(list.size());
        for (TrackedMessage message : list) {
            plain.add(message.toPlain());
        }
        EngineContext.of(ctx).setMeta(META, plain.isEmpty() ? null : plain);
    }
}
