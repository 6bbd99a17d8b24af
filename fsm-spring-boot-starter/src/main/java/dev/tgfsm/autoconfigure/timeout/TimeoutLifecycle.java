package dev.tgfsm.autoconfigure.timeout;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.tgfsm.Internal;
import dev.tgfsm.autoconfigure.UpdateDispatcherLifecycle;
import dev.tgfsm.telegram.BotFleet;
import dev.tgfsm.timeout.RestartNotifier;
import dev.tgfsm.timeout.TimeoutScheduler;

/**
 * Starts the {@link TimeoutScheduler} with the application (after the storage) and stops it before
 * the storage stops; at start also sends the restart notice, if configured, on a thread of its own
 * so that start-up does not wait for it. Each further bot of {@code tgfsm.bots} has one of its own
 * ({@link BotFleet}).
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class TimeoutLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TimeoutLifecycle.class);

    private final @Nullable TimeoutScheduler scheduler;

    private final @Nullable RestartNotifier notifier;

    private final @Nullable String bot;

    private volatile boolean running;

    private volatile CompletableFuture<Integer> notice = CompletableFuture.completedFuture(0);

    /**
     * Creates the lifecycle.
     *
     * @param scheduler the scheduler to run, or {@code null} when no state can time out
     * @param notifier sends the restart notice, or {@code null} when it is off
     */
    public TimeoutLifecycle(@Nullable TimeoutScheduler scheduler, @Nullable RestartNotifier notifier) {
        this(scheduler, notifier, null);
    }

    /**
     * Creates the lifecycle of one of several bots ({@code tgfsm.bots}).
     *
     * @param scheduler the bot's scheduler, or {@code null} when nothing polls
     * @param notifier the bot's restart notice, or {@code null} when it is off
     * @param bot the bot's name, for the notice's thread and log, or {@code null}
     */
    public TimeoutLifecycle(@Nullable TimeoutScheduler scheduler, @Nullable RestartNotifier notifier,
            @Nullable String bot) {
        this.scheduler = scheduler;
        this.notifier = notifier;
        this.bot = bot;
    }

    @Override
    public void start() {
        running = true;
        if (scheduler != null) {
            scheduler.start();
        }
        if (notifier != null) {
            CompletableFuture<Integer> sent = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    sent.complete(notifier.notifyActive());
                }
                catch (RuntimeException ex) {
                    log.warn("Sending the restart notice{} failed: {}", bot == null ? "" : " of bot '" + bot + "'",
                            ex.toString());
                    sent.completeExceptionally(ex);
                }
            }, bot == null ? "tgfsm-restart-notice" : "tgfsm-restart-notice-" + bot);
            thread.setDaemon(true);
            notice = sent;
            thread.start();
        }
    }

    /**
     * Tells when the restart notice sent at start is done.
     *
     * @return completes with the number of notices sent (0 when off)
     */
    public CompletableFuture<Integer> restartNotice() {
        return notice;
    }

    @Override
    public void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.stop();
        }
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
