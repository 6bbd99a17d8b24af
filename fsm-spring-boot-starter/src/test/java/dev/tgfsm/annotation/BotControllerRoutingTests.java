package dev.tgfsm.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.feature.FeatureStateManager;
import dev.tgfsm.history.HistoryManager;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.routing.Route;
import dev.tgfsm.storage.CountingFsmStorage;
import dev.tgfsm.testing.Updates;

class BotControllerRoutingTests {

    private static final Updates UPDATES = new Updates(java.time.Clock.systemUTC());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class))
            .withUserConfiguration(CoreBeans.class, RegistrationController.class, BookingState.class);

    private static void send(UpdateDispatcher dispatcher, Update update) throws Exception {
        dispatcher.submit(update).get(5, TimeUnit.SECONDS);
    }

    @Test
    void threeStepFlowRoutesByEnumAndStringStatesAndCommitsOncePerUpdate() {
        runner.run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            CountingFsmStorage storage = context.getBean(CountingFsmStorage.class);
            Recorder recorder = context.getBean(Recorder.class);
            storage.reset();
            send(dispatcher, UPDATES.text(11, "/start ref42"));
            send(dispatcher, UPDATES.text(11, "Ann"));
            send(dispatcher, UPDATES.text(11, "ann@example.com"));
            assertThat(recorder.calls).containsExactly("start:ref42", "name:Ann:11", "email:ann at example.com");
            assertThat(storage.count("save")).isEqualTo(3);
            assertThat(storage.count("loadAll")).as("main and history slots load together").isEqualTo(3);
            StorageKey key = StorageKey.of(CoreBeans.BOT, 11, 11);
            assertThat(storage.delegate().getState(key)).isEqualTo("Reg:DONE");
            assertThat(storage.delegate().getData(key)).containsEntry("name", "Ann").containsEntry("email",
                    "ann@example.com");
            assertThat(storage.delegate().getData(key.withDestiny(HistoryManager.DEFAULT_DESTINY)))
                    .containsKey("history");
        });
    }

    @Test
    void inputThatFitsNoPatternGoesToTheStateCatchAllAndChangesNothing() {
        runner.run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            CountingFsmStorage storage = context.getBean(CountingFsmStorage.class);
            Recorder recorder = context.getBean(Recorder.class);
            send(dispatcher, UPDATES.text(12, "/start"));
            storage.reset();
            send(dispatcher, UPDATES.text(12, "ann lowercase"));
            assertThat(recorder.calls).containsExactly("start:", "invalid:ann lowercase");
            assertThat(storage.count("save")).isZero();
        });
    }

    @Test
    void priorityCommandWinsOverStateHandlersAndNoStateHandlerRunsWhenIdle() {
        runner.run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Recorder recorder = context.getBean(Recorder.class);
            send(dispatcher, UPDATES.text(13, "/start"));
            send(dispatcher, UPDATES.text(13, "/cancel"));
            send(dispatcher, UPDATES.text(13, "hello"));
            assertThat(recorder.calls).containsExactly("start:", "cancel", "idle:hello:13");
        });
    }

    @Test
    void callbackPrefixRoutesWithTheDataAfterThePrefixAndTypedFeatureState() {
        runner.run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            CountingFsmStorage storage = context.getBean(CountingFsmStorage.class);
            Recorder recorder = context.getBean(Recorder.class);
            send(dispatcher, UPDATES.callback(14, "book:ritz"));
            send(dispatcher, UPDATES.callback(14, "book:ritz"));
            assertThat(recorder.calls).containsExactly("book:ritz:14", "book:ritz:14");
            Map<String, Object> data = storage.delegate().getData(StorageKey.of(CoreBeans.BOT, 14, 14));
            assertThat(data).containsEntry(FeatureStateManager.NAMESPACE_PREFIX + "booking",
                    Map.of("hotel", "ritz", "nights", 2));
        });
    }

    @Test
    void unmatchedCallbacksGoToTheFallbackMethodButEditsDoNot() {
        runner.run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Recorder recorder = context.getBean(Recorder.class);
            Update update = UPDATES.callback(15, "unknown");
            send(dispatcher, update);
            send(dispatcher, UPDATES.editedMessage(15, "edit"));
            assertThat(recorder.calls).as("an edit is not something the fallback answers")
                    .containsExactly("fallback:" + update.getUpdateId());
        });
    }

    @Test
    void routesAreOrderedByPriorityStateCommandThenSourceOrder() {
        runner.run(context -> {
            AnnotationRoutingHandler handler = context.getBean(AnnotationRoutingHandler.class);
            assertThat(handler.router().routes()).extracting(Route::name).containsExactly(
                    "RegistrationController.cancel", "RegistrationController.name", "RegistrationController.email",
                    "RegistrationController.invalid", "RegistrationController.start",
                    "RegistrationController.book", "RegistrationController.idle");
        });
    }

    @Test
    void applicationHandlerReplacesTheRoutingHandler() {
        runner.withBean("custom", dev.tgfsm.dispatch.UpdateHandler.class, () -> update -> {})
                .run(context -> assertThat(context).doesNotHaveBean(AnnotationRoutingHandler.class));
    }
}
