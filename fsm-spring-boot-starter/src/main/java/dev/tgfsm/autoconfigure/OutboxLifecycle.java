package dev.tgfsm.autoconfigure;

import java.util.Objects;

import dev.tgfsm.outbox.OutboxFlusher;

/**
 * Runs the {@link OutboxFlusher} while the application runs; on a graceful shutdown, after the
 * dispatcher drained and before the storage stops, it stores every pending acknowledgement.
 */
final class OutboxLifecycle extends PhasedLifecycle {

    /** The phase: stopped after the dispatcher, before the storage. */
    public static final int PHASE = FsmStorageLifecycle.PHASE + 512;

    private final OutboxFlusher flusher;

    /**
     * Creates the lifecycle.
     *
     * @param flusher the flusher
     */
    public OutboxLifecycle(OutboxFlusher flusher) {
        super(PHASE);
        this.flusher = Objects.requireNonNull(flusher, "flusher must not be null");
    }

    @Override
    protected void onStart() {
        flusher.start();
    }

    @Override
    protected void onStop() {
        flusher.stop();
    }
}
