package dev.tgfsm.autoconfigure;

import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.tgfsm.Internal;
import dev.tgfsm.feature.MigrationReport;
import dev.tgfsm.preferences.PreferencesMove;
import dev.tgfsm.storage.StorageUnavailableException;

/**
 * Runs the {@link PreferencesMove} once at start, on a thread of its own so that start-up does not
 * wait for it: it moves the preferences earlier versions kept in each conversation's {@code prefs}
 * destiny into the user scope and then tells the contexts, after which no update reads that destiny.
 * After the first complete run in a store it costs one read of a marker. A run that found the storage
 * unavailable (Redis not reachable yet at start) is tried again after 1 s, doubling to a minute, while
 * the application runs; a run stopped with the application, or one that failed otherwise, is run
 * again at the next start. Meanwhile those preferences stay readable where they are (read with the
 * conversation, see {@code FsmContexts#preferencesMoved}).
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class PreferencesMoveLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PreferencesMoveLifecycle.class);

    /** The pause before the move is tried again after the storage could not be reached. */
    private static final long FIRST_PAUSE_MILLIS = 1_000;

    private static final long MAX_PAUSE_MILLIS = 60_000;

    private final PreferencesMove move;

    private volatile boolean running;

    private volatile CompletableFuture<MigrationReport> done = new CompletableFuture<>();

    /**
     * Creates the lifecycle.
     *
     * @param move the job
     */
    public PreferencesMoveLifecycle(PreferencesMove move) {
        this.move = move;
    }

    @Override
    public void start() {
        running = true;
        CompletableFuture<MigrationReport> finished = new CompletableFuture<>();
        done = finished;
        Thread thread = new Thread(() -> {
            long pause = FIRST_PAUSE_MILLIS;
            while (true) {
                try {
                    finished.complete(move.run(() -> running));
                    return;
                }
                catch (StorageUnavailableException ex) {
                    if (running) {
                        log.warn("Moving the preferences of earlier versions into the user scope found the storage"
                                + " unavailable; they stay readable where they are and the move is tried again in {} s: {}",
                                pause / 1000, ex.toString());
                    }
                    if (!pauseWhileRunning(pause)) {
                        finished.completeExceptionally(ex);
                        return;
                    }
                    pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
                }
                catch (RuntimeException ex) {
                    log.warn("Moving the preferences of earlier versions into the user scope failed; they stay readable"
                            + " where they are and the move runs again at the next start: {}", ex.toString());
                    finished.completeExceptionally(ex);
                    return;
                }
            }
        }, "tgfsm-preferences-move");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Tells when the run begun at start is over.
     *
     * @return completes with what the run did
     */
    public CompletableFuture<MigrationReport> done() {
        return done;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return UpdateDispatcherLifecycle.PHASE;
    }

    /** Waits before the next try; {@code false} if the application stops (now or meanwhile). */
    private boolean pauseWhileRunning(long millis) {
        if (!running) {
            return false;
        }
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
        return running;
    }
}
