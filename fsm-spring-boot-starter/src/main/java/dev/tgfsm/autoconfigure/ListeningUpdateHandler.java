package dev.tgfsm.autoconfigure;

import java.util.List;

import dev.tgfsm.context.StateChangeListener;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;

/**
 * Registers the application's {@link StateChangeListener} beans on each update's unit of work, then
 * calls the real handler.
 */
final class ListeningUpdateHandler implements UpdateHandler {

    private final UpdateHandler delegate;

    private final List<StateChangeListener> listeners;

    ListeningUpdateHandler(UpdateHandler delegate, List<StateChangeListener> listeners) {
        this.delegate = delegate;
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void handle(UpdateContext update) throws Exception {
        if (update.hasConversation()) {
            for (StateChangeListener listener : listeners) {
                update.transaction().addListener(listener);
            }
        }
        delegate.handle(update);
    }
}
