package dev.tgfsm.timeout;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.WriteBatch;

/**
 * Tells conversations that were active shortly before a restart that the bot is back (opt-in):
 * every main record with a state, updated within the window, receives the notice once.
 *
 * <p>Keys are listed in bounded batches ({@link dev.tgfsm.storage.FsmStorage#listKeys}). Each
 * candidate is marked ({@value #META}: the time of the notice) by a write checked against the very
 * version that was judged eligible, before the notice is sent, so of several instances starting together only the
 * one whose commit wins sends it. A record is a candidate again only after it was written since its
 * last notice (the mark's write sets {@code updatedAt} to the mark's time).
 */
public final class RestartNotifier {

    /** The metadata entry holding when the last restart notice was sent, epoch milliseconds. */
    public static final String META = "restartNotice";

    /** The default notice. */
    public static final String DEFAULT_TEXT = "The bot was restarted. Your session has been restored. You can "
            + "continue where you left off or use /cancel to start over.";

    /** How many keys are examined per batch. */
    static final int BATCH = 200;

    private static final Logger log = LoggerFactory.getLogger(RestartNotifier.class);

    private final FsmContexts contexts;

    private final ChatNotifier notifier;

    private final Clock clock;

    private final Duration window;

    private final String text;

    /**
     * Creates a notifier.
     *
     * @param contexts opens the units of work and holds the storage
     * @param client sends the notices
     * @param clock the time
     * @param window how recently a conversation must have been updated
     * @param text the notice
     */
    public RestartNotifier(FsmContexts contexts, TelegramClient client, Clock clock, Duration window, String text) {
        this.contexts = Objects.requireNonNull(contexts, "contexts must not be null");
        this.notifier = new ChatNotifier(Objects.requireNonNull(client, "client must not be null"));
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.window = Objects.requireNonNull(window, "window must not be null");
        this.text = Objects.requireNonNull(text, "text must not be null");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
    }

    /**
     * Sends the notice to every eligible conversation.
     *
     * @return how many notices this call sent
     */
    public int notifyActive() {
        int sent = 0;
        try (Stream<StorageKey> keys = contexts.storage().listKeys("*:" + StorageKey.DEFAULT_DESTINY)) {
            Iterator<StorageKey> it = keys.iterator();
            List<StorageKey> batch = new ArrayList<>(BATCH);
            while (it.hasNext()) {
                StorageKey key = it.next();
                if (key.botId() == 0 && key.chatId() == 0 && key.userId() == 0) {
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
        FsmStorage storage = contexts.storage();
        // the unit of work only holds the conversation's cross-instance lock (if configured), so that
        // an update arriving meanwhile waits instead of conflicting with the mark
        try (FsmTransaction lock = contexts.begin(key)) {
            FsmRecord record = storage.load(key);
            long now = clock.millis();
            if (!eligible(record, now)) {
                return false;
            }
            Map<String, Object> meta = new LinkedHashMap<>(record.meta());
            meta.put(META, now);
            storage.save(WriteBatch.of(RecordWrite.put(key, record.withMeta(meta), record.version(),
                    contexts.options().ttl())));
            notifier.send(key, key.chatId(), text);
            return true;
        }
        catch (FsmConflictException ex) {
            return false;
        }
        catch (RuntimeException ex) {
            log.warn("Could not send the restart notice to {}: {}", key, ex.toString());
            return false;
        }
    }

    private boolean eligible(FsmRecord record, long now) {
        if (!record.exists() || record.state() == null || record.updatedAt() == null) {
            return false;
        }
        long updated = record.updatedAt().toEpochMilli();
        if (updated < now - window.toMillis()) {
            return false;
        }
        Object mark = record.meta().get(META);
        return !(mark instanceof Number n) || updated > n.longValue();
    }
}
