package dev.tgfsm.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.dispatch.UpdateDispatcher;

/**
 * A consumer for TelegramBots' own long polling ({@code SpringLongPollingBot}) that hands each batch
 * of updates to the {@link UpdateDispatcher} and returns only when the whole batch is done.
 *
 * <p>The dispatcher runs the batch on its own managed pool (per-conversation order, conversations in
 * parallel). TelegramBots 9.6 polls on one thread and asks for the next batch, which confirms this one,
 * only after {@code consume} returns; so blocking until every update of the batch has committed (or
 * was deliberately skipped) gives <b>at-least-once</b> delivery on this path too: a crash before
 * {@code consume} returns loses nothing, and the update ids stored by each commit make the redelivery a
 * no-op. While the storage is down the dispatcher retries in place, so {@code consume} blocks and
 * polling pauses.
 *
 * <p>What this path does not give, and tgfsm's own {@link LongPollingIntake} does: one update that
 * TelegramBots cannot parse fails the whole {@code getUpdates} answer, which TelegramBots then fetches
 * again and again (polling stalls for everyone); and the next batch waits for the slowest update of
 * the current one. When polling is stopped while a batch is still running, this consumer returns at
 * once and TelegramBots asks for no further batch, so the batch stays unconfirmed and is delivered
 * again at the next start. If the dispatcher is shut down, or abandoned an update of the batch because
 * it shut down, the consumer throws, which ends TelegramBots' polling task without confirming the batch.
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

    /**
     * Hands the batch to the dispatcher, in order, and waits until every update of it is done.
     *
     * @param updates the batch
     * @throws IllegalStateException if the dispatcher is shut down or abandoned an update of the batch,
     *         so that the batch is not confirmed
     */
    @Override
    public void consume(List<Update> updates) {
        List<CompletableFuture<Void>> batch = new ArrayList<>(updates.size());
        try {
            for (Update update : updates) {
                batch.add(dispatcher.submit(update));
            }
        }
        catch (RejectedExecutionException ex) {
            log.warn("{} update(s) arrived while the dispatcher was shutting down; they stay unconfirmed",
                    updates.size() - batch.size());
            throw new IllegalStateException("The update dispatcher is shut down", ex);
        }
        for (CompletableFuture<Void> done : batch) {
            try {
                done.get();
            }
            catch (InterruptedException ex) {
                // TelegramBots stops polling by interrupting: return without waiting; no next batch follows
                Thread.currentThread().interrupt();
                return;
            }
            catch (ExecutionException ex) {
                // a handler failure: reported by the dispatcher, and done
            }
            catch (CancellationException ex) {
                throw new IllegalStateException("The update dispatcher shut down before the batch was handled", ex);
            }
        }
    }
}
