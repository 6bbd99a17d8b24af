package dev.tgfsm.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.callback.CallbackCodec;
import dev.tgfsm.callback.CallbackPrefix;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.testing.Updates;

class TypedCallbackAnnotationTests {

    private static final Updates UPDATES = new Updates(java.time.Clock.systemUTC());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class))
            .withUserConfiguration(CoreBeans.class);

    enum Size { SMALL, LARGE }

    @CallbackPrefix("o")
    record Order(Size size, int quantity, boolean gift, Optional<String> note) {
    }

    @BotController
    static class Orders {

        private final Recorder recorder;

        Orders(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnCallback(type = Order.class)
        public void any(Order order) {
            recorder.add("any " + order);
        }

        @OnCallback(type = Order.class, where = {"size=large", "gift=true"})
        public void largeGift(Order order) {
            recorder.add("large gift x" + order.quantity());
        }

        @OnCallback(type = Order.class, where = {"quantity=1", "size!=LARGE"})
        public void singleSmall(Order order, @CallbackData String data) {
            recorder.add("single small " + data);
        }

        @Fallback
        public void fallback(Update update) {
            recorder.add("fallback");
        }
    }

    @Test
    void conditionsOnComponentsPickTheHandlerAndTheRecordIsItsParameter() {
        runner.withUserConfiguration(Orders.class).run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Recorder recorder = context.getBean(Recorder.class);
            press(dispatcher, new Order(Size.LARGE, 3, true, Optional.of("for Ann")));
            press(dispatcher, new Order(Size.SMALL, 1, false, Optional.empty()));
            press(dispatcher, new Order(Size.LARGE, 1, false, Optional.empty()));
            send(dispatcher, UPDATES.callback(21, "o:HUGE:1:0:"));
            assertThat(recorder.calls).containsExactly("large gift x3", "single small o:SMALL:1:0:",
                    "any Order[size=LARGE, quantity=1, gift=false, note=Optional.empty]");
        });
    }

    @BotController
    static class OneOf {

        private final Recorder recorder;

        OneOf(Recorder recorder) {
            this.recorder = recorder;
        }

        @OnCallback(type = Order.class, where = "quantity=2|3")
        public void fewOrders(Order order) {
            recorder.add("few x" + order.quantity());
        }

        @OnCallback(type = Order.class, where = {"quantity!=2|3", "size=small|large"})
        public void others(Order order) {
            recorder.add("other x" + order.quantity());
        }
    }

    @BotController
    static class BadAlternative {
        @OnCallback(type = Order.class, where = "quantity=2|many")
        public void handle() {
        }
    }

    @Test
    void aConditionWithAlternativesHoldsForAnyOfThemAndItsNegationForNone() {
        runner.withUserConfiguration(OneOf.class).run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Recorder recorder = context.getBean(Recorder.class);
            for (int quantity = 1; quantity <= 4; quantity++) {
                press(dispatcher, new Order(Size.SMALL, quantity, false, Optional.empty()));
            }
            assertThat(recorder.calls).containsExactly("other x1", "few x2", "few x3", "other x4");
        });
    }

    @Test
    void anAlternativeThatIsNoValueOfTheComponentFailsAtStartUp() {
        assertStartupFails(BadAlternative.class, "BadAlternative.handle()", "where = \"quantity=2|many\"",
                "'many' is not a value of Order.quantity (Integer)");
    }

    private static void press(UpdateDispatcher dispatcher, Order order) throws Exception {
        send(dispatcher, UPDATES.callback(21, CallbackCodec.packOf(order)));
    }

    private static void send(UpdateDispatcher dispatcher, Update update) throws Exception {
        dispatcher.submit(update).get(5, TimeUnit.SECONDS);
    }

    private void assertStartupFails(Class<?> component, String... messageParts) {
        runner.withUserConfiguration(component).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof FsmConfigurationException)) {
                failure = failure.getCause();
            }
            assertThat(failure).as("a FsmConfigurationException in " + context.getStartupFailure()).isNotNull();
            assertThat(failure.getMessage()).contains(messageParts);
        });
    }

    @BotController
    static class UnknownComponent {
        @OnCallback(type = Order.class, where = "colour=red")
        public void handle() {
        }
    }

    @BotController
    static class BadLiteral {
        @OnCallback(type = Order.class, where = "quantity=many")
        public void handle() {
        }
    }

    @BotController
    static class NotACondition {
        @OnCallback(type = Order.class, where = "gift")
        public void handle() {
        }
    }

    @BotController
    static class WhereWithoutType {
        @OnCallback(where = "gift=true")
        public void handle() {
        }
    }

    @BotController
    static class TypeAndPrefix {
        @OnCallback(type = Order.class, prefix = "o:")
        public void handle() {
        }
    }

    @BotController
    static class RecordWithoutType {
        @OnCallback(prefix = "o:")
        public void handle(Order order) {
        }
    }

    record Basket(java.util.List<String> items) {
    }

    @BotController
    static class UnsupportedComponent {
        @OnCallback(type = Basket.class)
        public void handle(Basket basket) {
        }
    }

    @Test
    void badTypedCallbackMappingsFailAtStartUpNamingTheMethod() {
        assertStartupFails(UnknownComponent.class, "UnknownComponent.handle()", "where = \"colour=red\"",
                "Order has no component 'colour'", "[size, quantity, gift, note]");
        assertStartupFails(BadLiteral.class, "BadLiteral.handle()",
                "'many' is not a value of Order.quantity (Integer)");
        assertStartupFails(NotACondition.class, "where = \"gift\" is not name=value");
        assertStartupFails(WhereWithoutType.class, "WhereWithoutType.handle()", "where conditions but no type");
        assertStartupFails(TypeAndPrefix.class, "has a type and a prefix or data");
        assertStartupFails(RecordWithoutType.class, "parameter 1 (Order order) is a record",
                "@OnCallback(type = Order.class)");
        assertStartupFails(UnsupportedComponent.class, "UnsupportedComponent.handle(Basket)", "Component items of",
                "java.util.List<java.lang.String>");
    }
}
