package dev.tgfsm.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.feature.FeatureStateManager;

class StartupErrorTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class))
            .withUserConfiguration(CoreBeans.class);

    private void assertStartupFails(Class<?> component, String... messageParts) {
        runner.withUserConfiguration(component).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof FsmConfigurationException)) {
                failure = failure.getCause();
            }
            assertThat(failure).as("a FsmConfigurationException in " + context.getStartupFailure())
                    .isNotNull().isInstanceOf(FsmConfigurationException.class);
            for (String part : messageParts) {
                assertThat(failure.getMessage()).contains(part);
            }
        });
    }

    @BotController
    static class UnresolvableParameter {
        @OnMessage
        public void handle(Integer count) {
        }
    }

    @Test
    void unresolvableParameterTypeNamesTheMethodAndParameter() {
        assertStartupFails(UnresolvableParameter.class, "Handler method UnresolvableParameter.handle(Integer)",
                "parameter 1 (Integer count) cannot be resolved", "supported are");
    }

    @BotController
    static class UnnamedString {
        @OnMessage
        public void handle(String whatever) {
        }
    }

    @Test
    void stringParameterWithoutBindingIsRejected() {
        assertStartupFails(UnnamedString.class, "a String parameter needs @Text");
    }

    @BotController
    static class Ambiguous {
        @OnCommand("start")
        public void one() {
        }

        @OnCommand({"help", "START"})
        public void two() {
        }
    }

    @Test
    void twoHandlersWithIdenticalFiltersAreAmbiguous() {
        assertStartupFails(Ambiguous.class, "Ambiguous routes: Ambiguous.one", "Ambiguous.two",
                "give one of them a different state");
    }

    @BotController(states = Reg.class)
    static class UnknownEnumState {
        @OnMessage(state = "Reg:EMAL")
        public void handle() {
        }
    }

    @Test
    void stateStringOfAKnownGroupMustBeAConstant() {
        assertStartupFails(UnknownEnumState.class, "state \"Reg:EMAL\" is not a constant of",
                "its states are Reg:NAME, Reg:EMAIL, Reg:DONE");
    }

    @BotController
    static class UnknownInStateName {
        @OnMessage
        @InState(value = Reg.class, names = "PHONE")
        public void handle() {
        }
    }

    @Test
    void inStateNameMustBeAConstant() {
        assertStartupFails(UnknownInStateName.class, "@InState names \"PHONE\"", "use one of NAME, EMAIL, DONE");
    }

    @BotController
    static class AnyStateAndState {
        @OnMessage(anyState = true, state = "x")
        public void handle() {
        }
    }

    @Test
    void anyStateCannotBeCombinedWithStates() {
        assertStartupFails(AnyStateAndState.class, "anyState = true cannot be combined");
    }

    @BotController
    static class InvalidRegex {
        @OnText(pattern = "([a-z]+")
        public void handle() {
        }
    }

    @Test
    void invalidRegexIsRejected() {
        assertStartupFails(InvalidRegex.class, "InvalidRegex.handle()", "invalid pattern '([a-z]+'");
    }

    @BotController
    static class MissingGroup {
        @OnText(pattern = "(\\d+)")
        public void handle(@Group(2) String second) {
        }
    }

    @Test
    void groupBeyondThePatternIsRejected() {
        assertStartupFails(MissingGroup.class, "@Group(2) but the pattern /(\\d+)/ has 1 group(s)");
    }

    @BotController
    static class ArgsWithoutCommand {
        @OnMessage
        public void handle(@CommandArgs String args) {
        }
    }

    @Test
    void commandArgumentsNeedACommandRoute() {
        assertStartupFails(ArgsWithoutCommand.class, "is not an @OnCommand route");
    }

    @BotController
    static class Static {
        @OnMessage
        public static void handle() {
        }
    }

    @Test
    void staticHandlerIsRejected() {
        assertStartupFails(Static.class, "Static.handle() is static");
    }

    @BotController
    static class BadReturn {
        @OnMessage
        public int handle() {
            return 1;
        }
    }

    @Test
    void unsupportedReturnTypeIsRejected() {
        assertStartupFails(BadReturn.class, "returns int");
    }

    @BotController
    static class TwoFallbacks {
        @Fallback
        public void one() {
        }

        @Fallback
        public void two() {
        }
    }

    @Test
    void onlyOneFallbackIsAllowed() {
        assertStartupFails(TwoFallbacks.class, "Two @Fallback methods");
    }

    @FeatureState("orphan")
    static class NotAManager {
    }

    @Test
    void featureStateMustExtendFeatureStateManager() {
        assertStartupFails(NotAManager.class, "does not extend FeatureStateManager");
    }

    @BotController
    static class PlainManagerParameter {
        @OnMessage
        public void handle(FeatureStateManager manager) {
        }
    }

    @Test
    void featureManagerParameterNeedsABeanOrAContextConstructor() {
        assertStartupFails(PlainManagerParameter.class, "is neither a @FeatureState bean nor a concrete class");
    }

    /** A manager that is not a bean but can be made per update. */
    public static class Cart extends FeatureStateManager {
        public Cart(FsmContext context) {
            super(context, "cart");
        }
    }

    @BotController
    static class ConstructedManager {
        @OnMessage
        public void handle(Cart cart) {
        }
    }

    @Test
    void featureManagerWithContextConstructorNeedsNoBean() {
        runner.withUserConfiguration(ConstructedManager.class).run(context -> assertThat(context).hasNotFailed());
    }
}
