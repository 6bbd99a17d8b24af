package dev.tgfsm.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationAutoConfiguration;
import dev.tgfsm.autoconfigure.actuator.FsmActuatorAutoConfiguration;
import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.flow.Button;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.scene.Scene;

class FsmDiagramsEndpointTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class,
                    FsmConversationAutoConfiguration.class, FsmAutoConfiguration.class,
                    FsmActuatorAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory")
            .withUserConfiguration(FlowsAndScenes.class);

    @Configuration(proxyBeanMethods = false)
    static class FlowsAndScenes {
        @Bean
        Flow survey() {
            return Flow.builder("survey").choose("start", "Happy?", Button.to("Yes", "done"), Button.to("No", "why"))
                    .ask("why", "Why not?", "reason", null, "done").end("done", "Thanks").build();
        }

        @Bean
        Scene settings() {
            return Scene.of("settings", u -> {}).withOnEnter((u, s) -> {});
        }
    }

    @Test
    void endpointShowsEveryFlowAndTheScenesAsMermaid() {
        runner.run(context -> {
            FsmDiagramsEndpoint endpoint = context.getBean(FsmDiagramsEndpoint.class);
            assertThat(endpoint.diagrams()).containsOnlyKeys("survey", "scenes");
            assertThat(endpoint.diagram("survey")).startsWith("flowchart TD")
                    .contains("survey_start -->|No| survey_why").contains("survey_why -->|reason| survey_done");
            assertThat(endpoint.diagram("scenes")).contains("scene_settings[\"settings<br/>enter\"]");
            assertThat(endpoint.diagram("nothing")).isNull();
        });
    }

    @Test
    void aDeclaredTransitionTableIsDrawnToo() {
        runner.withBean(dev.tgfsm.transition.TransitionTable.class,
                () -> dev.tgfsm.transition.TransitionTable.builder().initial("a").allow("a", "b").build())
                .run(context -> assertThat(context.getBean(FsmDiagramsEndpoint.class).diagram("transitions"))
                        .startsWith("stateDiagram-v2").contains("a --> b"));
    }

    @Test
    void theStatesOfBotControllerRoutesAreDrawnWithoutAnyFlowOrScene() {
        // a bot with only a @BotController: before, the endpoint showed an empty "scenes" diagram alone
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class,
                        FsmConversationAutoConfiguration.class, FsmAutoConfiguration.class,
                        FsmActuatorAutoConfiguration.class))
                .withPropertyValues("tgfsm.storage.type=memory")
                .withUserConfiguration(Signup.class)
                .run(context -> {
                    FsmDiagramsEndpoint endpoint = context.getBean(FsmDiagramsEndpoint.class);
                    assertThat(endpoint.diagrams()).containsKey("routes");
                    assertThat(endpoint.diagram("routes")).startsWith("flowchart LR")
                            .contains("([\"no state\"])", "[\"signup:name\"]", "[\"signup:age\"]",
                                    "([\"any state\"])")
                            .contains(">\"Signup.start<br/>message /start\"]", ">\"Signup.name<br/>message\"]",
                                    ">\"Signup.age<br/>message\"]", ">\"Signup.cancel<br/>callback_query\"]");
                    String routes = endpoint.diagram("routes");
                    assertThat(routes).contains(edge(routes, "no state", "Signup.start"),
                            edge(routes, "signup:name", "Signup.name"), edge(routes, "signup:age", "Signup.age"),
                            edge(routes, "signup:name", "Signup.cancel"), edge(routes, "signup:age", "Signup.cancel"),
                            edge(routes, "any state", "Signup.help"));
                });
    }

    /** The edge line from the node labelled {@code state} to the route node whose label starts with {@code route}. */
    private static String edge(String diagram, String state, String route) {
        String stateNode = diagram.lines().filter(l -> l.contains("\"" + state + "\"")).findFirst().orElseThrow()
                .trim().split("[\\[(]")[0];
        String routeNode = diagram.lines().filter(l -> l.contains(">\"" + route + "<br/>")).findFirst().orElseThrow()
                .trim().split(">")[0];
        return stateNode + " --> " + routeNode;
    }

    @dev.tgfsm.annotation.BotController
    static class Signup {

        @dev.tgfsm.annotation.OnCommand(value = "start", noState = true)
        public void start() {
        }

        @dev.tgfsm.annotation.OnCommand("help")
        public void help() {
        }

        @dev.tgfsm.annotation.OnMessage(state = "signup:name")
        public void name() {
        }

        @dev.tgfsm.annotation.OnMessage(state = "signup:age")
        public void age() {
        }

        @dev.tgfsm.annotation.OnCallback(state = {"signup:name", "signup:age"})
        public void cancel() {
        }
    }

    @Test
    void noEndpointWithoutActuator() {
        runner.withClassLoader(
                new FilteredClassLoader(org.springframework.boot.actuate.endpoint.annotation.Endpoint.class))
                .run(context -> assertThat(context).doesNotHaveBean(FsmDiagramsEndpoint.class));
    }
}
