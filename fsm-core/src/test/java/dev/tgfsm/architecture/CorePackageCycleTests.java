package dev.tgfsm.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tgfsm.dispatch.UpdateDispatcher;

/**
 * The packages of fsm-core use each other one way only, apart from the dependencies listed in
 * {@link #KNOWN_CYCLE_EDGES}.
 */
class CorePackageCycleTests {

    /**
     * Dependencies that close cycles today, waiting for issue 19 ("No package cycle"). Leaving them out
     * leaves no cycle, so any new dependency that closes one fails the test. The root of most of them:
     * {@code dispatch} holds both the types every handler sees ({@code UpdateContext},
     * {@code UpdateHandler}, {@code CurrentUpdate}) and {@code UpdateDispatcher}, which drives
     * everything built on those types. Remove an entry once its dependency is gone
     * ({@link #everyKnownCycleEdgeStillExists} says when).
     */
    static final Set<String> KNOWN_CYCLE_EDGES = Set.of(
            // UpdateDispatcher, WorkAttempts run the pipeline, whose middleware takes dispatch's UpdateContext
            "dev.tgfsm.dispatch -> dev.tgfsm.pipeline",
            // UpdateDispatcher reads the bot's commands (BotCommand); routes take dispatch's UpdateContext
            "dev.tgfsm.dispatch -> dev.tgfsm.routing",
            // UpdateDispatcher sends the outbox, whose relay works on the context
            "dev.tgfsm.dispatch -> dev.tgfsm.outbox",
            // FsmContexts, FsmTransaction buffer outbox entries; OutboxRelay works on the context
            "dev.tgfsm.context -> dev.tgfsm.outbox",
            // OutboundLimiter reads the current update (CurrentUpdate, UpdateContext)
            "dev.tgfsm.outbound -> dev.tgfsm.dispatch",
            // OutboxSender resolves texts (LibraryText, MessageResolver) of the flow package
            "dev.tgfsm.outbox -> dev.tgfsm.flow",
            // FlowEngine knows Scene; Scenes run flows
            "dev.tgfsm.flow -> dev.tgfsm.scene");

    private final PackageGraph graph = PackageGraph.ofModuleOf(UpdateDispatcher.class, "dev.tgfsm");

    @Test
    void corePackagesFormNoCycleBesidesTheKnownOnes() {
        assertThat(graph.packages()).contains("dev.tgfsm", "dev.tgfsm.storage", "dev.tgfsm.codec",
                "dev.tgfsm.storage.memory", "dev.tgfsm.dispatch");
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

    @Test
    void storageUsesTheCodecAndTheCodecKnowsNothingOfStorage() {
        assertThat(graph.uses("dev.tgfsm.storage", "dev.tgfsm.codec")).isTrue();
        assertThat(graph.usedBy("dev.tgfsm.codec")).containsExactly("dev.tgfsm");
    }

    @Test
    void theRootPackageUsesNoOtherPackage() {
        assertThat(graph.usedBy("dev.tgfsm")).isEmpty();
    }
}
