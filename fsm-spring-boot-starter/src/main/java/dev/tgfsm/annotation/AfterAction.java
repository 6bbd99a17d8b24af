package dev.tgfsm.annotation;

import java.lang.reflect.Method;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.dispatch.UpdateContext;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.scene.SceneNavigator;

/**
 * The {@link After} of one handler method, checked against the scenes and flows of the application
 * when the method's routes are built (at start-up).
 */
final class AfterAction {

    private final After after;

    private final @Nullable SceneNavigator scenes;

    private final @Nullable FlowEngine flows;

    private AfterAction(After after, @Nullable SceneNavigator scenes, @Nullable FlowEngine flows) {
        this.after = after;
        this.scenes = scenes;
        this.flows = flows;
    }

    /** The method's after-action, or {@code null} when it has none; fails on a mistake. */
    static @Nullable AfterAction of(Method method, ListableBeanFactory beans, String where) {
        After after = method.getAnnotation(After.class);
        if (after == null) {
            return null;
        }
        String at = "@After on " + where;
        int set = (after.goTo().isEmpty() ? 0 : 1) + (after.back() ? 1 : 0) + (after.exit() ? 1 : 0)
                + (after.callFlow().isEmpty() ? 0 : 1) + (after.startFlow().isEmpty() ? 0 : 1)
                + (after.callScene().isEmpty() ? 0 : 1);
        if (set != 1) {
            throw new FsmConfigurationException(at + " sets " + set + " actions; set exactly one of goTo, back, exit,"
                    + " callFlow, callScene and startFlow");
        }
        if (!after.result().isEmpty() && after.callFlow().isEmpty() && after.callScene().isEmpty()) {
            throw new FsmConfigurationException(at + " sets result without callFlow or callScene; result names where"
                    + " a called flow's values or a called scene's result go");
        }
        String flow = after.callFlow().isEmpty() ? after.startFlow() : after.callFlow();
        if (!flow.isEmpty()) {
            FlowEngine flows = beans.getBeanProvider(FlowEngine.class).getIfAvailable();
            if (flows == null || !flows.flows().containsKey(flow)) {
                throw new FsmConfigurationException(at + (after.callFlow().isEmpty() ? " starts" : " calls") + " flow '"
                        + flow + "', which does not exist; known flows: "
                        + (flows == null ? "none" : flows.flows().keySet()),
                        "Declare a Flow bean named '" + flow + "' or fix the name.");
            }
            return new AfterAction(after, null, flows);
        }
        SceneNavigator scenes = beans.getBeanProvider(SceneNavigator.class).getIfAvailable();
        if (scenes == null) {
            throw new FsmConfigurationException(
                    at + " moves between scenes, but the application has no scenes (no SceneNavigator bean)");
        }
        if (!after.goTo().isEmpty()) {
            scenes.requireScene(after.goTo(), at);
        }
        if (!after.callScene().isEmpty()) {
            scenes.requireScene(after.callScene(), at);
        }
        return new AfterAction(after, scenes, null);
    }

    void run(UpdateContext update) throws Exception {
        if (flows != null && !after.startFlow().isEmpty()) {
            flows.start(update, after.startFlow());
        }
        else if (flows != null) {
            flows.call(update, after.callFlow(), after.result().isEmpty() ? null : after.result(), Map.of());
        }
        else if (!after.goTo().isEmpty()) {
            scenes.goTo(update, after.goTo(), Map.of());
        }
        else if (!after.callScene().isEmpty()) {
            scenes.call(update, after.callScene(), after.result().isEmpty() ? null : after.result(), Map.of());
        }
        else if (after.back()) {
            scenes.back(update);
        }
        else {
            scenes.exit(update);
        }
    }
}
