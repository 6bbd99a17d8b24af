package dev.tgfsm.autoconfigure;

import java.util.Objects;

import dev.tgfsm.storage.FsmStorage;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the storage (connections, sweepers) and stops it last: its phase is the lowest of tgfsm's,
 * so long polling and the dispatcher have stopped before the storage goes away.
 *
 * <p>{@link #start()} may be called early (the dispatcher does, so that updates arriving while the
 * context is still refreshing find the storage ready); it is idempotent.
 */
public final class FsmStorageLifecycle implements SmartLifecycle {

    /** The phase: started before and stopped after the dispatcher and long polling. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 8192;

    private final FsmStorage storage;

    private volatile boolean running;

    /**
     * Creates the lifecycle.
     *
     * @param storage the storage
     */
    public FsmStorageLifecycle(FsmStorage storage) {
        this.storage = Objects.requireNonNull(storage, "storage must not be null");
    }

    @Override
    public synchronized void start() {
        if (!running) {
            storage.start();
            running = true;
        }
    }

    @Override
    public synchronized void stop() {
        if (running) {
            running = false;
            storage.stop();
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
