package dev.tgfsm.preferences;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tgfsm.Internal;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.feature.MigrationReport;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmConflictException;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.WriteBatch;

/**
 * Moves the preferences that earlier versions kept in each conversation's {@value Preferences#DESTINY}
 * destiny into the {@linkplain DataScope#USER user scope}, once, so that no update has to read that
 * destiny again; when a run finds nothing left it stores a marker ({@link #markerKey}) and tells the
 * contexts ({@link FsmContexts#preferencesMoved()}). Later runs read the marker and stop there.
 *
 * <p>It lists the {@value Preferences#DESTINY} records ({@code listKeys}, a {@code SCAN} on Redis)
 * and moves them one by one in bounded batches; a preference the user scope already has is newer
 * and is kept. In a private chat (the user scope belongs to that conversation) the user scope's write
 * and the old record's deletion are one version-checked write; in a group the user scope is written
 * first and the old record deleted after, at its version (as a unit of work writes its scopes after
 * its conversation), so a crash between the two leaves both, and the next run merges again: nothing
 * is lost; only a preference the user removed in that moment may come back.
 *
 * <p>Safe beside live traffic and other instances running it: every write is version-checked, and a
 * write that loses a race reads both records again. Resumable: a record moved is gone, so a run
 * stopped between batches ({@link #run(BooleanSupplier)}) leaves the rest to the next.
 *
 * <p>A move once, rather than reading the old destiny in the same call as the user scope whenever the
 * user scope is absent: that read would stay on the path of every update of every user who never set
 * a preference (they have no user-scope record), for good. Records written to the old destiny after
 * the marker (an instance of an earlier version still running, or {@link Preferences} outside a unit
 * of work) are not read by updates; run the move again without the marker to take them.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class PreferencesMove {

    /** The default number of records read before asking whether to go on. */
    public static final int DEFAULT_BATCH_SIZE = 100;

    /** The reserved destiny of the marker that says a run moved everything. */
    public static final String MARKER_DESTINY = "tgfsm.prefs-moved";

    private static final Logger log = LoggerFactory.getLogger(PreferencesMove.class);

    private static final int MAX_ATTEMPTS = 100;

    private final FsmContexts contexts;

    private final int batchSize;

    /**
     * Creates the job for every bot in the store.
     *
     * @param contexts the contexts, told when the preferences are moved
     * @param batchSize how many records to move before asking whether to go on, at least 1
     */
    public PreferencesMove(FsmContexts contexts, int batchSize) {
        this.contexts = Objects.requireNonNull(contexts, "contexts must not be null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /**
     * Returns the key of the marker stored when a run moved everything: one per store, under bot 0.
     *
     * @return the marker's key
     */
    public static StorageKey markerKey() {
        return new StorageKey(0, 0, 0, null, null, MARKER_DESTINY);
    }

    /**
     * Moves every record, unless the marker says it was done.
     *
     * @return what was done
     */
    public MigrationReport run() {
        return run(() -> true);
    }

    /**
     * Moves the records while {@code keepGoing} says so, asking it before each batch; unless the
     * marker says it was done. A complete run without failures stores the marker and tells the
     * contexts.
     *
     * @param keepGoing asked before each batch; {@code false} stops the run
     * @return what was done ({@code scanned}: records found; {@code upgraded}: moved; {@code current}:
     *         gone or empty before they were moved; {@code failed}: left where they are)
     */
    public MigrationReport run(BooleanSupplier keepGoing) {
        FsmStorage storage = contexts.storage();
        if (storage.load(markerKey()).exists()) {
            contexts.preferencesMoved();
            return new MigrationReport(0, 0, 0, 0, true);
        }
        long scanned = 0;
        long moved = 0;
        long gone = 0;
        long failed = 0;
        try (Stream<StorageKey> keys = storage.listKeys("*:" + Preferences.DESTINY)) {
            Iterator<StorageKey> it = keys.iterator();
            while (it.hasNext()) {
                if (scanned % batchSize == 0 && !keepGoing.getAsBoolean()) {
                    return new MigrationReport(scanned, moved, gone, failed, false);
                }
                StorageKey key = it.next();
                scanned++;
                try {
                    if (move(storage, key)) {
                        moved++;
                    }
                    else {
                        gone++;
                    }
                }
                catch (RuntimeException ex) {
                    failed++;
                    log.warn(
                            "Could not move the preferences of {} into the user scope; they stay readable where they are: {}",
                            key, ex.toString());
                }
            }
        }
        if (failed == 0) {
            try {
                storage.save(WriteBatch.of(RecordWrite.put(markerKey(),
                        FsmRecord.of(null, Map.of("moved", moved)), 0, null)));
            }
            catch (FsmConflictException ex) {
                // another instance stored it first
            }
            contexts.preferencesMoved();
            log.info("Moved the preferences of {} conversation(s) into the user scope", moved);
        }
        return new MigrationReport(scanned, moved, gone, failed, true);
    }

    /**
     * Moves one record into its user's scope.
     *
     * @return {@code true} if it held preferences and they were moved, {@code false} if it was gone
     */
    private static boolean move(FsmStorage storage, StorageKey key) {
        StorageKey user = DataScope.USER.keyOf(key);
        boolean together = key.sameConversation(user);
        for (int attempt = 1;; attempt++) {
            Map<StorageKey, FsmRecord> both = storage.loadAll(List.of(key, user));
            FsmRecord old = both.getOrDefault(key, FsmRecord.EMPTY);
            FsmRecord scope = both.getOrDefault(user, FsmRecord.EMPTY);
            if (!old.exists()) {
                return false;
            }
            Map<String, @Nullable Object> merged = new LinkedHashMap<>(old.data());
            merged.putAll(scope.data());
            RecordWrite toScope = merged.equals(scope.data()) ? null
                    : RecordWrite.put(user, scope.exists() ? scope.withData(merged) : FsmRecord.of(null, merged),
                            scope.version(), null);
            RecordWrite delete = RecordWrite.delete(key, old.version());
            try {
                if (together) {
                    storage.save(toScope == null ? WriteBatch.of(delete) : WriteBatch.of(toScope, delete));
                }
                else {
                    if (toScope != null) {
                        storage.save(WriteBatch.of(toScope));
                    }
                    storage.save(WriteBatch.of(delete));
                }
                return !old.data().isEmpty();
            }
            catch (FsmConflictException ex) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw ex;
                }
            }
        }
    }
}
