package dev.tgfsm.telegram;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

import dev.tgfsm.dispatch.UpdateDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * A long-polling consumer that hands each batch of updates to the {@link UpdateDispatcher}, in order.
 * The dispatcher runs them on its own managed pool (per-conversation order, parallel conversations),
 * not on TelegramBots' shared single-thread executor. Returns quickly unless the dispatcher applies
 * back-pressure, which then slows polling down.
 *
 * <p>Use it as the consumer of your own {@code SpringLongPollingBot}:
 * <pre>{@code
 * public LongPollingUpdateConsumer getUpdatesConsumer() { return dispatchingUpdateConsumer; }
 * }</pre>
 */
public final class DispatchingUpdateConsumer implements LongPollingUpdateConsumer {

    private static final Logger log = LoggerFactory.getLogger(DispatchingUpdateConsumer.class);

    private final UpdateDispatcher dispatcher;

    /**
     * Creates the consumer.
     *
     * @param dispatcher the dispatcher that handles the updates
     */
    public DispatchingUpdateConsumer(UpdateDispatcher dispatcher) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher must not be null");
    }

    @Override
    public void consume(List<Update> updates) {
        try {
            dispatcher.dispatchAll(updates);
        }
        catch (RejectedExecutionException ex) {
            log.warn("{} update(s) arrived while the dispatcher was shutting down and were not handled",
                    updates.size());
        }
    }
}
