package dev.tgfsm.autoconfigure;

import java.util.Objects;

import dev.tgfsm.storage.FsmStorage;

/**
 * Starts the storage (connections, sweepers) and stops it last: its phase is the lowest of tgfsm's,
 * so long polling and the dispatcher have stopped before the storage goes away.
 *
 * <p>{@link #start()} may be called early (the dispatcher does, so that updates arriving while the
 * context is still refreshing find the storage ready); it is idempotent.
 */
public final class FsmStorageLifecycle extends PhasedLifecycle {

    /** The phase: started before and stopped after the dispatcher and long polling. */
    public static final int PHASE = DEFAULT_PHASE - 8192;

    private final FsmStorage storage;

    /**
     * Creates the lifecycle.
     *
     * @param storage the storage
     */
    public FsmStorageLifecycle(FsmStorage storage) {
        super(PHASE);
        this.storage = Objects.requireNonNull(storage, "storage must not be null");
    }

    @Override
    protected void onStart() {
        storage.start();
    }

    @Override
    protected void onStop() {
        storage.stop();
    }
}
