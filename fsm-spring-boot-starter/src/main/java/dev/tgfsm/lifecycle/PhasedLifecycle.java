package dev.tgfsm.lifecycle;

import org.springframework.context.SmartLifecycle;

import dev.tgfsm.Internal;

/**
 * A {@link SmartLifecycle} with a fixed phase that runs its start and stop work once each: the base
 * of tgfsm's lifecycles, which start the storage first and stop in the reverse order (intake, then
 * the dispatcher, then the outbox, then the storage).
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public abstract class PhasedLifecycle implements SmartLifecycle {

    /** The phase of the storage: started before and stopped after the dispatchers and the intake. */
    public static final int STORAGE_PHASE = DEFAULT_PHASE - 8192;

    /** The phase of the update dispatchers: stopped after the intake, before the storage. */
    public static final int DISPATCHER_PHASE = STORAGE_PHASE + 1024;

    private final int phase;

    private boolean running;

    /**
     * Creates the lifecycle.
     *
     * @param phase its phase: higher phases start later and stop earlier
     */
    protected PhasedLifecycle(int phase) {
        this.phase = phase;
    }

    /**
     * Starts, unless running already.
     */
    @Override
    public final synchronized void start() {
        if (!running) {
            onStart();
            running = true;
        }
    }

    /**
     * Stops, if running.
     */
    @Override
    public final synchronized void stop() {
        if (running) {
            running = false;
            onStop();
        }
    }

    @Override
    public final synchronized boolean isRunning() {
        return running;
    }

    @Override
    public final int getPhase() {
        return phase;
    }

    /**
     * The start work; nothing by default.
     */
    protected void onStart() {
    }

    /**
     * The stop work.
     */
    protected abstract void onStop();
}
