package dev.tgfsm.timeout;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.context.EngineContext;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.context.SessionMetadata;
import dev.tgfsm.flow.LibraryText;
import dev.tgfsm.flow.MessageResolver;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbound.OutboundPriority;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmStorage;

/**
 * Tells conversations that were active shortly before a restart that the bot is back (opt-in):
 * every main record with a state, updated within the window and whose idle deadline has not passed
 * (such a conversation is told it expired on its next message instead), receives the notice once.
 *
 * <p>Keys are listed in bounded batches ({@link FsmStorage#listKeys}). Each
 * candidate is marked ({@value #META}: the time of the notice, and {@value #META_SEEN}: the
 * conversation's count of committed updates and its state) in a unit of work whose version-checked commit also
 * stores the notice in the outbox, sent after the commit; so of several instances starting together
 * only the one whose commit wins sends it. A record is a candidate again only after it changed since
 * its last notice (more committed updates, or another state); writes of the engine alone (an outbox
 * acknowledgement) do not count.
 *
 * <p>Several bots may share one store: a notifier made for one bot only lists and notifies that
 * bot's conversations, so the notice goes out through that bot's client only.
 *
 * <p>Part of the API beside {@link TimeoutScheduler}: an application without Spring makes one and
 * calls {@link #notifyActive()} at start-up; the starter does that with {@code tgfsm.restart-notice}.
 */
public final class RestartNotifier {

    /** The metadata entry holding when the last restart notice was sent, epoch milliseconds. */
    public static final String META = "restartNotice";

    /**
     * The metadata entry holding what the conversation looked like at the last notice: its count of
     * committed updates and its state.
     */
    public static final String META_SEEN = "restartNoticeSeen";

    /** The default notice. */
    public static final String DEFAULT_TEXT = "The bot was restarted. Your session has been restored. You can "
            + "continue where you left off or use /cancel to start over.";

    /** How many keys are examined per batch. */
    static final int BATCH = 200;

    /**
     * How often a notice is prepared again at once when its commit conflicts without the user having
     * moved on (a write without the lock, such as an outbox acknowledgement, came between).
     */
    private static final int CONFLICT_ATTEMPTS = 3;

    private static final Logger log = LoggerFactory.getLogger(RestartNotifier.class);

    private final FsmContexts contexts;

    private final Clock clock;

    private final Duration window;

    private final String text;

    private final Long botId;

    private volatile MessageResolver messages = MessageResolver.english();

    /**
     * Creates a notifier.
     *
     * @param contexts opens the units of work (with an outbox relay, which sends the notices) and
     *        holds the storage
     * @param clock the time
     * @param window how recently a conversation must have been updated
     * @param text the notice
     */
    public RestartNotifier(FsmContexts contexts, Clock clock, Duration window, String text) {
        this(null, contexts, clock, window, text);
    }

    /**
     * Creates a notifier for one bot's conversations only.
     *
     * @param botId the bot
     * @param contexts opens the units of work (with an outbox relay, which sends the notices) and
     *        holds the storage
     * @param clock the time
     * @param window how recently a conversation must have been updated
     * @param text the notice
     */
    public RestartNotifier(long botId, FsmContexts contexts, Clock clock, Duration window, String text) {
        this(Long.valueOf(botId), contexts, clock, window, text);
    }

    private RestartNotifier(Long botId, FsmContexts contexts, Clock clock, Duration window, String text) {
        this.botId = botId;
        this.contexts = Objects.requireNonNull(contexts, "contexts must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.window = Objects.requireNonNull(window, "window must not be null");
        this.text = Objects.requireNonNull(text, "text must not be null");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
    }

    /**
     * Sets how the notice is put in the user's language (the conversation's {@code language}
     * preference, else the language Telegram last reported); English by default.
     *
     * @param resolver the resolver
     */
    public void setMessages(MessageResolver resolver) {
        this.messages = Objects.requireNonNull(resolver, "resolver must not be null");
    }

    /**
     * Sends the notice to every eligible conversation, one after the other with
     * {@linkplain OutboundPriority#BACKGROUND background} priority: paced by the outbound limits,
     * yielding to replies.
     *
     * @return how many notices this call sent
     */
    public int notifyActive() {
        return OutboundPriority.background(this::notifyEligible);
    }

    private int notifyEligible() {
        int sent = 0;
        String bot = botId == null ? "" : KeyRenderer.canonicalBotTag(botId);
        try (Stream<StorageKey> keys = contexts.storage().listKeys(bot + "*:" + StorageKey.DEFAULT_DESTINY)) {
            Iterator<StorageKey> it = keys.iterator();
            List<StorageKey> batch = new ArrayList<>(BATCH);
            while (it.hasNext()) {
                StorageKey key = it.next();
                if (key.botId() == 0 && key.chatId() == 0 && key.userId() == 0
                        || botId != null && key.botId() != botId) {
                    continue;
                }
                batch.add(key);
                if (batch.size() == BATCH || !it.hasNext()) {
                    for (StorageKey k : batch) {
                        sent += notifyOne(k) ? 1 : 0;
                    }
                    batch.clear();
                }
            }
        }
        log.info("Sent the restart notice to {} conversation(s)", sent);
        return sent;
    }

    private boolean notifyOne(StorageKey key) {
        long messagesFirstSeen = -1;
        @Nullable
        String stateFirstSeen = null;
        for (int attempt = 1;; attempt++) {
            try (FsmTransaction tx = FsmTransactions.begin(contexts, key)) {
                FsmContext main = tx.context();
                long now = clock.millis();
                if (!eligible(main, now)) {
                    return false;
                }
                long count = main.session().messageCount();
                if (attempt == 1) {
                    messagesFirstSeen = count;
                    stateFirstSeen = main.getState();
                }
                else if (count != messagesFirstSeen || !Objects.equals(stateFirstSeen, main.getState())) {
                    return false; // the user moved on meanwhile: the conversation answers them itself
                }
                EngineContext.of(main).setMeta(META, now);
                Map<String, Object> seen = new LinkedHashMap<>();
                seen.put("messages", count);
                seen.put("state", main.getState());
                EngineContext.of(main).setMeta(META_SEEN, seen);
                IdleDeadline deadline = IdleDeadline.read(main);
                Locale locale = messages.localeOf(main, deadline == null ? null : deadline.language());
                ChatNotifier.send(tx, key, key.chatId(), messages.configured(locale, LibraryText.RESTART_NOTICE, text));
                tx.commit();
                return true;
            }
            catch (FsmConflictException ex) {
                // an update of the user, another instance's notice, or a write without the lock (an outbox
                // acknowledgement) came between the load and the commit: a fresh unit of work tells which
                if (attempt >= CONFLICT_ATTEMPTS) {
                    log.debug("Conversation {} kept changing while its restart notice was prepared; none sent", key);
                    return false;
                }
            }
            catch (RuntimeException ex) {
                log.warn("Could not send the restart notice to {}: {}", key, ex.toString());
                return false;
            }
        }
    }

    private boolean eligible(FsmContext main, long now) {
        SessionMetadata session = main.session();
        if (main.getState() == null || session.lastActivity() == null) {
            return false;
        }
        long updated = session.lastActivity().toEpochMilli();
        if (updated < now - window.toMillis()) {
            return false;
        }
        IdleDeadline deadline = IdleDeadline.read(main);
        if (deadline != null && deadline.at() <= now) {
            return false; // expired while the bot was down: the next message is told so, not "restored"
        }
        Object mark = EngineContext.of(main).getMeta(META);
        if (!(mark instanceof Number n)) {
            return true;
        }
        if (EngineContext.of(main).getMeta(META_SEEN) instanceof Map<?, ?> seen) {
            return !(seen.get("messages") instanceof Number c) || session.messageCount() > c.longValue()
                    || !Objects.equals(seen.get("state"), main.getState());
        }
        return updated > n.longValue();
    }
}
