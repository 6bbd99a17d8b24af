package dev.tgfsm.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationAutoConfiguration;
import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.flow.EscapeCommands;
import dev.tgfsm.flow.Flow;
import dev.tgfsm.flow.FlowEngine;
import dev.tgfsm.flow.TelegramMessenger;
import dev.tgfsm.flow.UnknownStatePolicy;
import dev.tgfsm.flow.Validators;
import dev.tgfsm.testing.RecordingTelegramClient;
import dev.tgfsm.testing.Updates;
import dev.tgfsm.wizard.Wizard;

/** {@link BotFlow}: a flow bean started by its commands, and the start-up checks. */
class BotFlowTests {

    private static final Updates UPDATES = new Updates(Clock.systemUTC());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class,
                    FsmConversationAutoConfiguration.class, FsmAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory", "tgfsm.bot.id=5")
            .withUserConfiguration(Telegram.class);

    @Configuration(proxyBeanMethods = false)
    static class Telegram {
        @Bean
        RecordingTelegramClient recording() {
            return new RecordingTelegramClient(5, Clock.systemUTC());
        }

        @Bean
        TelegramClient telegramClient(RecordingTelegramClient recording) {
            return recording.client();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Flows {
        @BotFlow(commands = {"order", "/buy"})
        Flow order() {
            return Wizard.named("order")
                    .step("product", s -> s.prompt("What product?").validate(Validators.choice("Widget", "Gadget")))
                    .step("count", s -> s.prompt("How many?").validate(Validators.integer(1, 9)))
                    .done(values -> values.get("count") + " x " + values.get("product"))
                    .build();
        }

        @BotFlow
        Flow quiet() {
            return Flow.builder("quiet").ask("q", "Quiet?", "q", null, null).build();
        }
    }

    @BotController
    static class StartsQuiet {
        @OnCommand("quiet")
        @After(startFlow = "quiet")
        public void quiet() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NotAFlow {
        @BotFlow(commands = "x")
        String x() {
            return "x";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SameCommand {
        @BotFlow(commands = "go")
        Flow one() {
            return Flow.builder("one").ask("a", "A?", "a", null, null).build();
        }

        @BotFlow(commands = "GO")
        Flow two() {
            return Flow.builder("two").ask("b", "B?", "b", null, null).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnEngine {
        @BotFlow(commands = "lost")
        Flow lost() {
            return Flow.builder("lost").ask("a", "A?", "a", null, null).build();
        }

        @Bean
        FlowEngine flowEngine() {
            return new FlowEngine(List.of(Flow.builder("kept").ask("a", "A?", "a", null, null).build()),
                    new TelegramMessenger(), EscapeCommands.ofDefaults(), Map.of(), UnknownStatePolicy.RESET);
        }
    }

    @BotController
    static class ClaimsOrder {
        @OnCommand("order")
        public String order() {
            return "mine";
        }
    }

    private static List<String> play(UpdateDispatcher dispatcher, RecordingTelegramClient telegram, long user,
            String... inputs) throws Exception {
        int before = telegram.calls().size();
        for (String input : inputs) {
            dispatcher.submit(UPDATES.text(user, input)).get(10, TimeUnit.SECONDS);
        }
        return telegram.calls().subList(before, telegram.calls().size()).stream()
                .filter(c -> c.is("sendMessage")).map(c -> c.text()).toList();
    }

    @Test
    void eachCommandStartsTheFlowWithoutAHandlerMethod() {
        runner.withUserConfiguration(Flows.class, StartsQuiet.class).run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            RecordingTelegramClient telegram = context.getBean(RecordingTelegramClient.class);
            assertThat(context.getBean(FlowEngine.class).flows()).containsKeys("order", "quiet");
            assertThat(play(dispatcher, telegram, 51, "/order", "Widget", "3")).containsExactly("What product?",
                    "How many?", "3 x Widget");
            assertThat(play(dispatcher, telegram, 52, "/buy", "Gadget")).containsExactly("What product?", "How many?");
            assertThat(play(dispatcher, telegram, 52, "/quiet")).as("a declared flow without commands")
                    .containsExactly("Quiet?");
        });
    }

    @Test
    void aBotFlowMethodThatReturnsNoFlowFailsTheStartUp() {
        runner.withUserConfiguration(NotAFlow.class).run(context -> assertThat(context).hasFailed().getFailure()
                .hasStackTraceContaining("@BotFlow method 'x' returns a java.lang.String, not a Flow"));
    }

    @Test
    void oneCommandForTwoFlowsFailsTheStartUp() {
        runner.withUserConfiguration(SameCommand.class).run(context -> assertThat(context).hasFailed().getFailure()
                .isInstanceOf(FsmConfigurationException.class)
                .hasStackTraceContaining("/go starts two flows, 'one' and 'two' (@BotFlow)"));
    }

    @Test
    void aFlowTheEngineDoesNotRunFailsTheStartUpNamingTheKnownFlows() {
        runner.withUserConfiguration(OwnEngine.class).run(context -> assertThat(context).hasFailed().getFailure()
                .hasStackTraceContaining(
                        "@BotFlow method 'lost' declares flow 'lost', which the flow engine does not run;"
                                + " known flows: [kept]"));
    }

    @Test
    void aHandlerForTheSameCommandInEveryStateFailsTheStartUp() {
        runner.withUserConfiguration(Flows.class, ClaimsOrder.class).run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("Ambiguous routes"));
    }
}
