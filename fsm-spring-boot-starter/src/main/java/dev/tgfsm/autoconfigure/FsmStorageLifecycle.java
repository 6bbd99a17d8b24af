package dev.tgfsm.autoconfigure;

import java.util.Objects;

import org.springframework.beans.factory.InitializingBean;

import dev.tgfsm.Internal;
import dev.tgfsm.lifecycle.PhasedLifecycle;
import dev.tgfsm.storage.FsmStorage;

/**
 * Starts the storage (connections, sweepers) and stops it last: its phase is the lowest of tgfsm's,
 * so long polling and the dispatcher have stopped before the storage goes away.
 *
 * <p>The storage starts as soon as this bean is initialised, not only at its phase: the dispatcher
 * depends on this bean, so updates that arrive while the context is still refreshing (an
 * application's own TelegramBots bot starts polling then) find the storage ready. Starting again at
 * the phase does nothing; after a stop, the phase starts it again.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class FsmStorageLifecycle extends PhasedLifecycle implements InitializingBean {

    /** The phase: started before and stopped after the dispatcher and long polling. */
    public static final int PHASE = STORAGE_PHASE;

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

    /**
     * Starts the storage, before any bean that depends on this one is created.
     */
    @Override
    public void afterPropertiesSet() {
        start();
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
