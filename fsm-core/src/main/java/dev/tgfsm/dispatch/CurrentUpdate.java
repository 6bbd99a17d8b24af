package dev.tgfsm.dispatch;

import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmException;
import dev.tgfsm.Internal;
import dev.tgfsm.pipeline.UpdatePipeline;

/**
 * The update being handled on the current thread, for code that cannot be handed the
 * {@link UpdateContext} directly (the Spring update scope, the Director, helpers deep in a call).
 *
 * <p>The {@link UpdatePipeline} binds the update once, around every step inside
 * its unit of work. The binding is thread-bound: work handed to other threads does not see it.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class CurrentUpdate {

    private static final ThreadLocal<UpdateContext> CURRENT = new ThreadLocal<>();

    private CurrentUpdate() {
    }

    /**
     * Returns the update being handled on this thread.
     *
     * @return the update, empty outside a handler
     */
    public static Optional<UpdateContext> find() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Returns the update being handled on this thread, failing outside a handler.
     *
     * @return the update
     * @throws FsmException outside a handler, with a message saying what to use instead
     */
    public static UpdateContext require() {
        UpdateContext update = CURRENT.get();
        if (update == null) {
            throw new FsmException("No update is being handled on thread '" + Thread.currentThread().getName()
                    + "': update-bound objects (FsmContext, Director, feature managers) work only while a handler"
                    + " runs, on its thread; outside handlers use FsmContexts.writeThrough(key)");
        }
        return update;
    }

    /**
     * Binds an update to this thread until the returned binding is closed; closing restores what
     * was bound before, so bindings nest.
     *
     * @param update the update
     * @return the binding, to close in a {@code finally} or try-with-resources
     */
    public static Binding bind(UpdateContext update) {
        Objects.requireNonNull(update, "update must not be null");
        UpdateContext previous = CURRENT.get();
        CURRENT.set(update);
        return previous == null ? Binding.OUTERMOST : new Binding(previous);
    }

    /**
     * An update bound to a thread; closing it restores the previous binding.
     */
    public static final class Binding implements AutoCloseable {

        /** Closes a binding made when nothing was bound; shared, it holds nothing. */
        private static final Binding OUTERMOST = new Binding(null);

        private final @Nullable UpdateContext previous;

        private Binding(@Nullable UpdateContext previous) {
            this.previous = previous;
        }

        /**
         * Ends the binding.
         */
        @Override
        public void close() {
            // set, not remove: the thread keeps its entry (holding nothing), so the next binding allocates none
            CURRENT.set(previous);
        }
    }
}
