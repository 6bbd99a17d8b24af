package dev.tgfsm.autoconfigure;

import java.util.Objects;

import dev.tgfsm.dispatch.UpdateDispatcher;

import org.springframework.context.SmartLifecycle;

/**
 * Shuts the {@link UpdateDispatcher} down gracefully when the application stops: it stops accepting
 * updates and waits (up to {@code tgfsm.dispatcher.shutdown-timeout}) for those in flight, after long
 * polling has stopped and before the storage stops.
 */
public final class UpdateDispatcherLifecycle implements SmartLifecycle {

    /** The phase: stopped after long polling, before the storage. */
    public static final int PHASE = FsmStorageLifecycle.PHASE + 1024;

    private final UpdateDispatcher dispatcher;

    private volatile boolean running;

    /**
     * Creates the lifecycle.
     *
     * @param dispatcher the dispatcher
     */
    public UpdateDispatcherLifecycle(UpdateDispatcher dispatcher) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher must not be null");
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        if (running) {
            running = false;
            dispatcher.shutdown();
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
