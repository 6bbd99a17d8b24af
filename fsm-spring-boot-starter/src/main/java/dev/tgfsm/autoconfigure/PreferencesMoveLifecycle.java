package dev.tgfsm.autoconfigure;

import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.tgfsm.Internal;
import dev.tgfsm.feature.MigrationReport;
import dev.tgfsm.preferences.PreferencesMove;

/**
 * Runs the {@link PreferencesMove} once at start, on a thread of its own so that start-up does not
 * wait for it: it moves the preferences earlier versions kept in each conversation's {@code prefs}
 * destiny into the user scope and then tells the contexts, after which no update reads that destiny.
 * After the first complete run in a store it costs one read of a marker. A run stopped with the
 * application, or one that failed, is run again at the next start; meanwhile those preferences stay
 * readable where they are.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class PreferencesMoveLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PreferencesMoveLifecycle.class);

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
            try {
                finished.complete(move.run(() -> running));
            }
            catch (RuntimeException ex) {
                log.warn("Moving the preferences of earlier versions into the user scope failed; they stay readable"
                        + " where they are and the move runs again at the next start: {}", ex.toString());
                finished.completeExceptionally(ex);
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
}
