package dev.tgfsm.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.dispatch.DispatchListener;
import dev.tgfsm.key.StorageKey;

/**
 * Tells every listener bean what became of each update; one listener that throws does not keep the
 * others from hearing about it.
 */
final class CompositeDispatchListener implements DispatchListener {

    private static final Logger log = LoggerFactory.getLogger(CompositeDispatchListener.class);

    private final List<DispatchListener> listeners;

    CompositeDispatchListener(List<DispatchListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void handled(Update update, Duration took) {
        each(l -> l.handled(update, took));
    }

    @Override
    public void failed(Update update, Throwable error) {
        each(l -> l.failed(update, error));
    }

    @Override
    public void conflicted(Update update) {
        each(l -> l.conflicted(update));
    }

    @Override
    public void dropped(Update update) {
        each(l -> l.dropped(update));
    }

    @Override
    public void duplicate(Update update) {
        each(l -> l.duplicate(update));
    }

    @Override
    public void storageUnavailable(Update update, StorageKey key) {
        each(l -> l.storageUnavailable(update, key));
    }

    @Override
    public void storageRecovered(Duration outage) {
        each(l -> l.storageRecovered(outage));
    }

    private void each(Consumer<DispatchListener> call) {
        for (DispatchListener listener : listeners) {
            try {
                call.accept(listener);
            }
            catch (RuntimeException ex) {
                log.warn("Dispatch listener {} failed: {}", listener, ex.toString());
            }
        }
    }
}
