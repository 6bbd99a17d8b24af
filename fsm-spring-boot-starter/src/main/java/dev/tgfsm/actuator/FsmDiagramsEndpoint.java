package dev.tgfsm.actuator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import dev.tgfsm.Internal;
import dev.tgfsm.annotation.BotController;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.routing.Router;
import dev.tgfsm.scene.SceneNavigator;
import dev.tgfsm.transition.TransitionTable;

/**
 * The actuator endpoint {@code fsmdiagrams}: a Mermaid diagram of every flow (and wizard) and of the
 * scenes, by name ({@code scenes} for the scenes, {@code transitions} for a declared
 * {@link TransitionTable}, {@code routes} for the states that
 * {@link BotController} routes listen in, see {@link Router#toMermaid()}).
 *
 * <p>Internal: not part of the public API; it may change in any release.
 */
@Internal
@Endpoint(id = "fsmdiagrams")
public class FsmDiagramsEndpoint {

    private final FlowEngine flows;

    private final SceneNavigator scenes;

    private volatile dev.tgfsm.transition.@Nullable TransitionTable transitions;

    private volatile Supplier<@Nullable Router> router = () -> null;

    /**
     * Creates the endpoint.
     *
     * @param flows the flow engine
     * @param scenes the scenes
     */
    public FsmDiagramsEndpoint(FlowEngine flows, SceneNavigator scenes) {
        this.flows = Objects.requireNonNull(flows, "flows must not be null");
        this.scenes = Objects.requireNonNull(scenes, "scenes must not be null");
    }

    /**
     * Adds the diagram of the declared allowed transitions, named {@code transitions}.
     *
     * @param table the table, or {@code null} for none
     */
    public void setTransitions(dev.tgfsm.transition.@Nullable TransitionTable table) {
        this.transitions = table;
    }

    /**
     * Adds the diagram of the routes, named {@code routes} (when there are any); asked for on every
     * read, since a router may be built after the endpoint.
     *
     * @param router gives the router, or {@code null} while there is none
     */
    public void setRouter(Supplier<@Nullable Router> router) {
        this.router = Objects.requireNonNull(router, "router must not be null");
    }

    /**
     * Returns every diagram.
     *
     * @return Mermaid source by flow name, {@code scenes}, and {@code transitions} and {@code routes} when
     *         there are some
     */
    @ReadOperation
    public Map<String, String> diagrams() {
        Map<String, String> all = new LinkedHashMap<>(flows.diagrams());
        all.put("scenes", scenes.toMermaid());
        TransitionTable table = transitions;
        if (table != null) {
            all.put("transitions", table.toMermaid());
        }
        Router routes = router.get();
        if (routes != null && !routes.routes().isEmpty()) {
            all.put("routes", routes.toMermaid());
        }
        return all;
    }

    /**
     * Returns one diagram.
     *
     * @param name a flow's name, {@code scenes}, {@code transitions} or {@code routes}
     * @return the Mermaid source, or {@code null} if there is no such diagram
     */
    @ReadOperation
    public @Nullable String diagram(@Selector String name) {
        return diagrams().get(name);
    }
}
