package dev.tgfsm.garbage;

import java.time.Instant;
import java.util.Objects;

import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgfsm.Internal;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.pipeline.UpdatePipeline;

/**
 * The pipeline's garbage step: it {@linkplain GarbageStateRegistry#attach attaches} the garbage registry to
 * every update's unit of work, so tracked messages are deleted after a state change is committed,
 * and, if {@link GarbageConfig#trackUserInput()}, tracks the user's incoming message too.
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
public final class GarbageCollectingHandler {

    private final GarbageStateRegistry registry;

    /**
     * Creates the middleware.
     *
     * @param registry the registry
     */
    public GarbageCollectingHandler(GarbageStateRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
    }

    /**
     * Runs this step of the {@link UpdatePipeline} (plugged in as {@code garbageCollectingHandler::handle}).
     *
     * @param update the update
     * @param next the rest of the pipeline
     * @throws Exception what the rest of the pipeline threw
     */
    public void handle(UpdateContext update, UpdateHandler next) throws Exception {
        if (update.hasConversation()) {
            registry.attach(FsmTransactions.of(update.transaction()));
            Message input = update.update().getMessage();
            if (registry.config().trackUserInput() && input != null) {
                Instant at = input.getDate() != null ? Instant.ofEpochSecond(input.getDate()) : Instant.EPOCH;
                registry.track(update.context(), input.getChatId(), input.getMessageId(), at);
            }
        }
        next.handle(update);
    }
}
