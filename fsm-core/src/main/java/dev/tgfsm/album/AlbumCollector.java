package dev.tgfsm.album;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.pipeline.UpdatePipeline;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.DueDeadline;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * Gathers the parts of albums (messages with a {@code media_group_id}) in the storage and hands
 * each album to one run of the rest of the pipeline, once no part came for the
 * {@linkplain AlbumConfig#quietTime() quiet time}, whichever instance received which part.
 *
 * <ul>
 * <li><b>A part</b> is stored in its conversation's main record (metadata, under the conversation's
 * lock, with the update's commit: storing it is the update's effect, so the update is then
 * acknowledged) and goes no further. The record's TTL covers it; on Redis Cluster it lives in the
 * conversation's slot.</li>
 * <li><b>The run.</b> After its commit, the instance that stored a part looks again when the quiet
 * time has passed ({@link #runDue}): a read without the lock, then, if an album is quiet, a unit of
 * work of its own submitted to the {@link UpdateDispatcher} ({@link UpdateDispatcher#submitGathered}),
 * in the conversation's turn and under its lock. Inside it the album is checked again, removed from
 * the record and attached to the update ({@link Album#of}) that goes on through the rest of the
 * pipeline (flows, scenes, the handler) as the album's first part; its removal commits with what the
 * handler changed and sent, so of all the instances that look only one runs the handler.</li>
 * <li><b>Take-over.</b> The first part of an album also puts the conversation into the storage's
 * deadline index (destiny {@value #DESTINY}), due {@link AlbumConfig#takeOverAfter()} after the
 * quiet time; the {@link TimeoutScheduler} of any instance claims it
 * ({@link #onDue}). When the instance that gathered the parts died first, the one that claims the
 * entry runs the album; a claimer that dies in turn leaves the entry to come due again after its
 * claim. An entry that finds nothing due is rescheduled or cancelled.</li>
 * <li>A handler that throws ends the album (it is removed, as a failed update is not run again); a
 * run that fails because the storage is unavailable, the lock is busy or a writer conflicted is
 * retried by the dispatcher.</li>
 * </ul>
 *
 * <p>Add its {@link #handle} to the pipeline with
 * {@link UpdatePipeline.Builder#albums} ({@code albums(collector::handle)}), then
 * {@link #attach} the dispatcher and register {@link #onDue} with the timeout scheduler
 * ({@code handleDestiny(AlbumCollector.DESTINY, collector::onDue)}); with several bots sharing the
 * pipeline, attach each bot's dispatcher and register with each bot's scheduler. Thread-safe.
 */
public final class AlbumCollector implements AutoCloseable {

    /** The destiny of the conversation keys this collector puts into the deadline index. */
    public static final String DESTINY = "tgfsm.album";

    private static final String RUN = AlbumCollector.class.getName() + ".run";

    /** Leaves the local timer this much after the quiet time, so the album is surely quiet then. */
    private static final long TIMER_SLACK_MILLIS = 5;

    private static final Logger log = LoggerFactory.getLogger(AlbumCollector.class);

    private final FsmContexts contexts;

    private final AlbumConfig config;

    private final Clock clock;

    private final ObjectMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    private final AlbumTimers timers;

    private final Map<Long, UpdateDispatcher> dispatchers = new ConcurrentHashMap<>();

    private volatile boolean gathering = true;

    /** Asks the unit of work to run the album of one group. */
    private record Run(String groupId, @Nullable Long claimedUntil) {
    }

    /**
     * Creates a collector.
     *
     * @param contexts holds the storage whose deadline index is used
     * @param config quiet time, take-over delay, largest album
     * @param clock the time parts are stamped with and quiet times judged by
     */
    public AlbumCollector(FsmContexts contexts, AlbumConfig config, Clock clock) {
        this(contexts, config, clock, AlbumTimers.ownTimers(), true);
    }

    /**
     * Creates a collector whose timers run on the given executor (the starter passes one built with
     * Spring Boot's scheduler builder). The executor stays the caller's: {@link #close()} cancels
     * the timers this collector armed and does not shut it down.
     *
     * @param contexts holds the storage whose deadline index is used
     * @param config quiet time, take-over delay, largest album
     * @param clock the time parts are stamped with and quiet times judged by
     * @param timers runs the timers that look at a conversation again once its album is quiet
     */
    public AlbumCollector(FsmContexts contexts, AlbumConfig config, Clock clock, ScheduledExecutorService timers) {
        this(contexts, config, clock, Objects.requireNonNull(timers, "timers must not be null"), false);
    }

    private AlbumCollector(FsmContexts contexts, AlbumConfig config, Clock clock, ScheduledExecutorService timers,
            boolean ownsTimers) {
        this.contexts = Objects.requireNonNull(contexts, "contexts must not be null");
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.timers = new AlbumTimers(timers, ownsTimers, key -> {
            try {
                runDue(key, null);
            }
            catch (RuntimeException ex) {
                log.warn("Looking at the albums of {} failed; they are taken over later: {}", key, ex.toString());
            }
        });
    }

    /**
     * Sets the dispatcher that runs the albums of its bot (one whose pipeline has this collector): an
     * application serving several bots attaches each bot's dispatcher, and an album runs on the
     * dispatcher of the bot in its conversation key. A later dispatcher of the same bot replaces it.
     *
     * @param updates the dispatcher
     */
    public void attach(UpdateDispatcher updates) {
        Objects.requireNonNull(updates, "dispatcher must not be null");
        dispatchers.put(updates.botId(), updates);
    }

    /**
     * Switches gathering on or off (on when created). Off, the parts of albums go on through the
     * pipeline one by one, as any message; albums already gathered are still handled.
     *
     * @param on whether to gather
     */
    public void setGathering(boolean on) {
        this.gathering = on;
    }

    /**
     * Tells whether albums are gathered.
     *
     * @return {@code true} if parts are stored and handed over as albums
     */
    public boolean isGathering() {
        return gathering;
    }

    /**
     * Returns the settings.
     *
     * @return the settings
     */
    public AlbumConfig config() {
        return config;
    }

    /**
     * The pipeline's step, first in the unit of work: stores a part of an album and stops it there;
     * lets a gathered album go on as one update; lets everything else go on unchanged.
     *
     * @param update the update in its unit of work
     * @param next the rest of the pipeline
     * @throws Exception what the rest of the pipeline threw, or a part that cannot be written as JSON
     */
    public void handle(UpdateContext update, UpdateHandler next) throws Exception {
        if (update.attribute(RUN) instanceof Run run) {
            runAlbum(update, next, run);
            return;
        }
        Message message = update.update().getMessage();
        if (!gathering || !update.hasConversation() || message == null || message.getMediaGroupId() == null) {
            next.handle(update);
            return;
        }
        storePart(update, message);
    }

    private void storePart(UpdateContext update, Message message) throws JsonProcessingException {
        PendingAlbums albums = PendingAlbums.read(update.context());
        long now = clock.millis();
        String groupId = message.getMediaGroupId();
        if (!albums.add(groupId, message.getMessageId(), json.writeValueAsString(update.update()), now)) {
            log.debug("Part {} of album {} of {} is stored already", message.getMessageId(), groupId, update.key());
            return;
        }
        if (albums.indexed() == null) {
            long at = now + config.quietTime().toMillis() + config.takeOverAfter().toMillis();
            DeadlineIndex.of(contexts.storage()).scheduleDeadline(update.key().withDestiny(DESTINY),
                    Instant.ofEpochMilli(at));
            albums.indexed(at);
        }
        albums.write(update.context());
        StorageKey key = update.key();
        boolean full = albums.get(groupId).parts.size() >= config.maxParts();
        update.transaction()
                .afterCommit(() -> timers.arm(key, full ? 0 : config.quietTime().toMillis() + TIMER_SLACK_MILLIS));
        log.debug("Stored part {} of album {} of {}", message.getMessageId(), groupId, key);
    }

    private void runAlbum(UpdateContext update, UpdateHandler next, Run run) throws Exception {
        PendingAlbums albums = PendingAlbums.read(update.context());
        PendingAlbums.Group group = albums.get(run.groupId());
        if (group == null || !group.isDue(clock.millis(), config)) {
            return;
        }
        boolean late = albums.wasHandled(group.id);
        finish(FsmTransactions.of(update.transaction()), albums, group.id, run.claimedUntil());
        List<Update> parts = new ArrayList<>(group.parts.size());
        for (PendingAlbums.Part part : group.parts) {
            try {
                parts.add(json.readValue(part.json(), Update.class));
            }
            catch (JsonProcessingException ex) {
                log.warn("Part {} of album {} of {} cannot be read and is left out: {}", part.messageId(), group.id,
                        update.key(), ex.getOriginalMessage());
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        Album album = new Album(group.id, parts, late);
        log.debug("Handling {} of {}", album, update.key());
        update.attribute(Album.ATTRIBUTE, album);
        next.handle(update);
    }

    /**
     * Removes a group from the record (with the unit of work's commit) and fixes the deadline index
     * after the commit: cancelled when no album is left (only at the time this collector knows, so an
     * entry scheduled meanwhile for a new album stays), moved to the next take-over when a claim
     * had pushed it away, and the next album looked at at once.
     */
    private void finish(FsmTransaction tx, PendingAlbums albums, String groupId, @Nullable Long claimedUntil) {
        StorageKey key = tx.key().withDestiny(StorageKey.DEFAULT_DESTINY);
        StorageKey indexKey = key.withDestiny(DESTINY);
        DeadlineIndex storage = DeadlineIndex.of(contexts.storage());
        Long expected = claimedUntil != null ? claimedUntil : albums.indexed();
        albums.finish(groupId);
        if (albums.isEmpty()) {
            albums.indexed(null);
            if (expected != null) {
                tx.afterCommit(() -> storage.cancelDeadline(indexKey, Instant.ofEpochMilli(expected)));
            }
        }
        else {
            long takeOver = albums.latestQuietUntil(config) + config.takeOverAfter().toMillis();
            if (claimedUntil != null) {
                tx.afterCommit(() -> storage.scheduleDeadline(indexKey, Instant.ofEpochMilli(takeOver)));
            }
            tx.afterCommit(() -> timers.arm(key, 0));
        }
        albums.write(tx.context());
    }

    /**
     * Looks at a conversation's albums without its lock and submits a run for one that is quiet
     * (the run checks again under the lock); for one still being gathered, looks again when it
     * should be quiet. Called by this collector's timers; tests call it after moving the clock.
     *
     * @param key the conversation (any destiny)
     * @return {@code true} if a run was submitted
     */
    public boolean runDue(StorageKey key) {
        return runDue(key.withDestiny(StorageKey.DEFAULT_DESTINY), null);
    }

    /**
     * Handles a claimed entry of the deadline index (destiny {@value #DESTINY}): runs the quiet album
     * of the conversation, reschedules the entry for one still being gathered, or cancels it when
     * nothing is left. Register it with {@code TimeoutScheduler.handleDestiny}.
     *
     * @param due the claim
     */
    public void onDue(DueDeadline due) {
        runDue(due.key().withDestiny(StorageKey.DEFAULT_DESTINY), due.claimedUntil().toEpochMilli());
    }

    private boolean runDue(StorageKey key, @Nullable Long claimedUntil) {
        DeadlineIndex storage = DeadlineIndex.of(contexts.storage());
        StorageKey indexKey = key.withDestiny(DESTINY);
        FsmRecord record = storage.load(key);
        PendingAlbums albums = PendingAlbums.read(record.meta().get(PendingAlbums.META));
        long now = clock.millis();
        if (albums.isEmpty()) {
            if (claimedUntil != null) {
                storage.cancelDeadline(indexKey, Instant.ofEpochMilli(claimedUntil));
            }
            return false;
        }
        PendingAlbums.Group group = albums.due(now, config);
        if (group == null) {
            long quietUntil = albums.latestQuietUntil(config);
            if (claimedUntil != null) {
                storage.scheduleDeadline(indexKey,
                        Instant.ofEpochMilli(quietUntil + config.takeOverAfter().toMillis()));
            }
            else {
                timers.arm(key, quietUntil - now + TIMER_SLACK_MILLIS);
            }
            return false;
        }
        UpdateDispatcher runner = dispatchers.get(key.botId());
        if (runner == null) {
            log.warn("Album {} of {} is due but no dispatcher of bot {} is attached; it is taken over later", group.id,
                    key, key.botId());
            return false;
        }
        Update first = firstReadable(group);
        if (first == null) {
            log.warn("No part of album {} of {} can be read; the album is dropped", group.id, key);
            drop(key, group.id, claimedUntil);
            return false;
        }
        String groupId = group.id;
        runner.submitGathered(first, RUN, new Run(groupId, claimedUntil)).whenComplete((done, error) -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause != null && !(cause instanceof CancellationException) && !UpdateDispatcher.isRetryable(cause)) {
                log.warn("The handler of album {} of {} failed; the album is dropped", groupId, key);
                drop(key, groupId, claimedUntil);
            }
        });
        return true;
    }

    private Update firstReadable(PendingAlbums.Group group) {
        for (PendingAlbums.Part part : group.parts) {
            try {
                return json.readValue(part.json(), Update.class);
            }
            catch (JsonProcessingException ex) {
                log.debug("Part {} of album {} cannot be read: {}", part.messageId(), group.id,
                        ex.getOriginalMessage());
            }
        }
        return null;
    }

    /** Removes an album that cannot be handled, as a failed update is not run again. */
    private void drop(StorageKey key, String groupId, @Nullable Long claimedUntil) {
        try {
            FsmTransactions.inTransaction(contexts, key, tx -> {
                PendingAlbums albums = PendingAlbums.read(tx.context());
                if (albums.get(groupId) != null) {
                    finish(tx, albums, groupId, claimedUntil);
                }
                return null;
            });
        }
        catch (RuntimeException ex) {
            log.warn("Dropping album {} of {} failed; it is taken over later: {}", groupId, key, ex.toString());
        }
    }

    /**
     * Stops the timers; albums gathered here and not yet handled are taken over through the deadline
     * index. Idempotent.
     */
    @Override
    public void close() {
        timers.close();
    }
}
