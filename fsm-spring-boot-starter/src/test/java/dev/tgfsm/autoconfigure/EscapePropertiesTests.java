package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.flow.EscapeCommands;

class EscapePropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class,
                    FsmConversationAutoConfiguration.class, FsmAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory");

    @Test
    void defaultsAreTheCoreDefaults() {
        runner.run(context -> assertThat(context.getBean(EscapeCommands.class))
                .isEqualTo(EscapeCommands.ofDefaults().withReset(EscapeProperties.DEFAULT_RESET,
                        EscapeCommands.DEFAULT_RESET_DONE)));
    }

    @Test
    void everyCommandCanBeRenamedOrSwitchedOffAndEveryTextReplaced() {
        runner.withPropertyValues("tgfsm.escapes.cancel.name=stop", "tgfsm.escapes.back.enabled=false",
                "tgfsm.escapes.help.name=", "tgfsm.escapes.texts.cancelled=Stopped.",
                "tgfsm.escapes.texts.global-help=Try /order", "tgfsm.escapes.texts.choose-an-option=Pick a button.",
                "tgfsm.escapes.reset-enabled=false").run(context -> {
                    EscapeCommands escapes = context.getBean(EscapeCommands.class);
                    assertThat(escapes.cancel()).isEqualTo("stop");
                    assertThat(escapes.back()).isNull();
                    assertThat(escapes.help()).isNull();
                    assertThat(escapes.start()).isEqualTo("start");
                    assertThat(escapes.cancelled()).isEqualTo("Stopped.");
                    assertThat(escapes.globalHelp()).isEqualTo("Try /order");
                    assertThat(escapes.chooseAnOption()).isEqualTo("Pick a button.");
                    assertThat(escapes.nothingToCancel()).isEqualTo(EscapeCommands.ofDefaults().nothingToCancel());
                    assertThat(escapes.reset()).isNull();
                });
    }
}
