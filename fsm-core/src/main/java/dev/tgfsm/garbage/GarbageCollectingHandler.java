package dev.tgfsm.garbage;

import java.time.Instant;
import java.util.Objects;

import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;

/**
 * Update middleware that {@linkplain GarbageStateRegistry#attach attaches} the garbage registry to
 * every update's unit of work, so tracked messages are deleted after a state change is committed,
 * and, if {@link GarbageConfig#trackUserInput()}, tracks the user's incoming message too.
 */
public final class GarbageCollectingHandler implements UpdateHandler {

    private final GarbageStateRegistry registry;

    private final UpdateHandler next;

    /**
     * Creates the middleware.
     *
     * @param registry the registry
     * @param next the handler to run
     */
    public GarbageCollectingHandler(GarbageStateRegistry registry, UpdateHandler next) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.next = Objects.requireNonNull(next, "next must not be null");
    }

    @Override
    public void handle(UpdateContext update) throws Exception {
        if (update.hasConversation()) {
            registry.attach(update.transaction());
            Message input = update.update().getMessage();
            if (registry.config().trackUserInput() && input != null) {
                Instant at = input.getDate() != null ? Instant.ofEpochSecond(input.getDate()) : Instant.EPOCH;
                registry.track(update.context(), input.getChatId(), input.getMessageId(), at);
            }
        }
        next.handle(update);
    }
}
