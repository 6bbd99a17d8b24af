package dev.tgfsm.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;

/**
 * The packages of the starter use each other one way only, apart from the dependencies listed in
 * {@link #KNOWN_CYCLE_EDGES}. Its dependencies on fsm-core's packages cannot close a cycle (the core
 * knows nothing of the starter) and are left out.
 */
class StarterPackageCycleTests {

    /**
     * Dependencies that close cycles today. Every auto-configuration and its properties live in the
     * {@code dev.tgfsm.autoconfigure} tree and use the engine's packages one way; these go back the
     * other way. Leaving them out leaves no cycle, so any new dependency that closes one fails the
     * test. Remove an entry once its dependency is gone ({@link #everyKnownCycleEdgeStillExists} says
     * when).
     */
    static final Set<String> KNOWN_CYCLE_EDGES = Set.of(
            // UnknownProperties lists every properties class of the tree
            "dev.tgfsm.autoconfigure -> dev.tgfsm.autoconfigure.album",
            "dev.tgfsm.autoconfigure -> dev.tgfsm.autoconfigure.middleware",
            // UnknownProperties lists the timeout properties; FsmBotsAutoConfiguration uses RestartNoticeProperties
            "dev.tgfsm.autoconfigure -> dev.tgfsm.autoconfigure.timeout",
            // BotFleet starts each further bot's TimeoutLifecycle
            "dev.tgfsm.telegram -> dev.tgfsm.autoconfigure.timeout");

    private final PackageGraph graph = PackageGraph.ofModuleOf(FsmAutoConfiguration.class, "dev.tgfsm");

    @Test
    void starterPackagesFormNoCycleBesidesTheKnownOnes() {
        assertThat(graph.packages()).contains("dev.tgfsm.autoconfigure", "dev.tgfsm.redis", "dev.tgfsm.jdbc",
                "dev.tgfsm.telegram").doesNotContain("dev.tgfsm.storage");
        assertThat(graph.without(KNOWN_CYCLE_EDGES).cycles()).isEmpty();
    }

    @Test
    void everyKnownCycleEdgeStillExists() {
        assertThat(KNOWN_CYCLE_EDGES).allSatisfy(edge -> {
            String[] ends = edge.split(" -> ");
            assertThat(graph.uses(ends[0], ends[1])).as("%s is gone: remove it from KNOWN_CYCLE_EDGES", edge)
                    .isTrue();
        });
    }
}
