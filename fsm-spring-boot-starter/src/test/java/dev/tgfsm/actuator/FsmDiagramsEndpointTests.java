package dev.tgfsm.actuator;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tgfsm.annotation.FsmRoutingAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationAutoConfiguration;
import dev.tgfsm.flow.Button;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.scene.Scene;

import static org.assertj.core.api.Assertions.assertThat;

class FsmDiagramsEndpointTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class,
                    FsmConversationAutoConfiguration.class, FsmAutoConfiguration.class, FsmActuatorAutoConfiguration.class))
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
            return Scene.of("settings", u -> { }).withOnEnter((u, s) -> { });
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
    void noEndpointWithoutActuator() {
        runner.withClassLoader(new FilteredClassLoader(org.springframework.boot.actuate.endpoint.annotation.Endpoint.class))
                .run(context -> assertThat(context).doesNotHaveBean(FsmDiagramsEndpoint.class));
    }
}
