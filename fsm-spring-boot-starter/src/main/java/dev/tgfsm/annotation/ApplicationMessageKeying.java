package dev.tgfsm.annotation;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.Internal;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.MessageKeying;
import dev.tgfsm.scene.Scene;
import dev.tgfsm.scene.SceneNavigator;

/**
 * The application's per-message rule: the configured one, or a per-message route of the handler
 * (a {@link PerMessage} controller method, or a route of the application's own router) or of a
 * scene. The handler and scenes are looked up when the first update asks, after start-up.
 *
 * <p>Internal: built by tgfsm's auto-configuration, not meant for applications.
 */
@Internal
public final class ApplicationMessageKeying implements MessageKeying {

    private final MessageKeying configured;

    private final ObjectProvider<UpdateHandler> handler;

    private final ObjectProvider<SceneNavigator> scenes;

    /**
     * Creates the rule.
     *
     * @param configured the rule of {@code tgfsm.key.per-message}
     * @param handler the application's handler, looked up on first use
     * @param scenes the scene engine, looked up on first use
     */
    public ApplicationMessageKeying(MessageKeying configured, ObjectProvider<UpdateHandler> handler,
            ObjectProvider<SceneNavigator> scenes) {
        this.configured = configured;
        this.handler = handler;
        this.scenes = scenes;
    }

    private volatile @Nullable List<MessageKeying> routed;

    @Override
    public boolean perMessage(Update update) {
        if (configured.perMessage(update)) {
            return true;
        }
        for (MessageKeying routes : routed()) {
            if (routes.perMessage(update)) {
                return true;
            }
        }
        return false;
    }

    /** The handler and scenes that can tell, looked up once. */
    private List<MessageKeying> routed() {
        List<MessageKeying> found = routed;
        if (found == null) {
            List<MessageKeying> all = new ArrayList<>();
            if (handler.getIfUnique() instanceof MessageKeying routes) {
                all.add(routes);
            }
            SceneNavigator engine = scenes.getIfAvailable();
            if (engine != null) {
                for (Scene scene : engine.scenes().values()) {
                    if (scene.handler() instanceof MessageKeying routes) {
                        all.add(routes);
                    }
                }
            }
            found = List.copyOf(all);
            routed = found;
        }
        return found;
    }
}
