package dev.tgfsm.annotation;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.routing.UpdateEvent;
import dev.tgfsm.routing.UpdateKind;

/**
 * Resolves a handler parameter whose type is the payload of an update kind ({@link UpdateEvent}):
 * {@code ChatMemberUpdated}, {@code ChatJoinRequest}, {@code PreCheckoutQuery}, {@code PollAnswer},
 * {@code MessageReactionUpdated}, ... A route of that kind gets its own payload; an
 * {@code @OnUpdate} route of any kind and the fallback get the payload of whichever kind the update
 * is, or {@code null}.
 */
final class EventArguments {

    private EventArguments() {
    }

    /**
     * The argument for a parameter type, or {@code null} when no event has that payload type.
     *
     * @throws FsmConfigurationException when the type is the payload of other kinds than the route's
     */
    static @Nullable Argument forType(Class<?> type, UpdateKind kind, String where) {
        List<UpdateEvent<?>> events = UpdateEvent.all().stream().filter(e -> e.type() == type).toList();
        if (events.isEmpty()) {
            return null;
        }
        if (kind == UpdateKind.ANY) {
            return (u, m) -> {
                for (UpdateEvent<?> event : events) {
                    Object payload = event.of(u.update());
                    if (payload != null) {
                        return payload;
                    }
                }
                return null;
            };
        }
        for (UpdateEvent<?> event : events) {
            if (event.kind() == kind) {
                return (u, m) -> event.of(u.update());
            }
        }
        throw new FsmConfigurationException(
                where + " is the payload of " + events.stream().map(e -> e.kind().name()).toList()
                        + " updates, but the route is for " + kind + "; map the method with @OnUpdate(kind = "
                        + events.get(0).kind() + ") or remove the parameter");
    }
}
