package dev.tgfsm.autoconfigure;

import java.util.function.Predicate;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;

import dev.tgfsm.annotation.AnnotatedScenes;
import dev.tgfsm.annotation.AnnotationRoutingHandler;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.routing.Route;
import dev.tgfsm.routing.RouteMatch;
import dev.tgfsm.routing.Router;

/**
 * The rule by which a bot's own handler takes over an escape command: a command handler whose state
 * filter names the conversation's current state ({@code @OnCommand(value = "cancel", state = "...")},
 * {@code @InState}, or {@code noState = true} for no state) wins over the escape, and so does a
 * command handler of the current {@code @BotScene}; a handler for the command in any state does not, so
 * the escapes keep working in every flow, scene and state.
 */
final class EscapeOverride implements Predicate<UpdateContext> {

    /** Looked up once, when first asked (a bean lookup per update cost 2-3 % of its CPU). */
    private final Supplier<UpdateHandler> handler;

    private final Supplier<AnnotatedScenes> scenes;

    EscapeOverride(ObjectProvider<UpdateHandler> handler, ObjectProvider<AnnotatedScenes> scenes) {
        this.handler = SingletonSupplier.of(handler::getIfUnique);
        this.scenes = SingletonSupplier.of(scenes::getIfAvailable);
    }

    @Override
    public boolean test(UpdateContext update) {
        AnnotatedScenes sceneClasses = scenes.get();
        if (sceneClasses != null && sceneClasses.sceneTakesCommand(update)) {
            return true;
        }
        UpdateHandler current = handler.get();
        Router router = current instanceof AnnotationRoutingHandler annotated ? annotated.router()
                : current instanceof Router plain ? plain : null;
        if (router == null) {
            return false;
        }
        RouteMatch match = router.match(update);
        Route route = match == null ? null : match.route();
        return route != null && route.isCommand() && !route.state().isAny();
    }
}
