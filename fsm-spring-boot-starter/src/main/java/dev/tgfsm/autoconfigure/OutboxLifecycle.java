package dev.tgfsm.autoconfigure;

import java.util.Objects;

import org.springframework.context.SmartLifecycle;

import dev.tgfsm.outbox.OutboxFlusher;

/**
 * Runs the {@link OutboxFlusher} while the application runs; on a graceful shutdown, after the
 * dispatcher drained and before the storage stops, it stores every pending acknowledgement.
 */
public final class OutboxLifecycle implements SmartLifecycle {

    /** The phase: stopped after the dispatcher, before the storage. */
    public static final int PHASE = FsmStorageLifecycle.PHASE + 512;

    private final OutboxFlusher flusher;

    private volatile boolean running;

    /**
     * Creates the lifecycle.
     *
     * @param flusher the flusher
     */
    public OutboxLifecycle(OutboxFlusher flusher) {
        this.flusher = Objects.requireNonNull(flusher, "flusher must not be null");
    }

    @Override
    public void start() {
        flusher.start();
        running = true;
    }

    @Override
    public void stop() {
        if (running) {
            running = false;
            flusher.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
