package dev.tgfsm.autoconfigure;

import java.util.Objects;

import dev.tgfsm.Internal;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.lifecycle.PhasedLifecycle;

/**
 * Shuts the {@link UpdateDispatcher} down gracefully when the application stops: it stops accepting
 * updates and waits (up to {@code tgfsm.dispatcher.shutdown-timeout}) for those in flight, after long
 * polling has stopped and before the storage stops.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class UpdateDispatcherLifecycle extends PhasedLifecycle {

    /** The phase: stopped after long polling, before the storage. */
    public static final int PHASE = DISPATCHER_PHASE;

    private final UpdateDispatcher dispatcher;

    /**
     * Creates the lifecycle.
     *
     * @param dispatcher the dispatcher
     */
    public UpdateDispatcherLifecycle(UpdateDispatcher dispatcher) {
        super(PHASE);
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher must not be null");
    }

    @Override
    protected void onStop() {
        dispatcher.shutdown();
    }
}
