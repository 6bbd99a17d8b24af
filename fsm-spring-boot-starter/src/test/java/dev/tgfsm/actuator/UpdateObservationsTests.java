package dev.tgfsm.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgfsm.autoconfigure.FsmAutoConfiguration;
import dev.tgfsm.autoconfigure.FsmConversationAutoConfiguration;
import dev.tgfsm.autoconfigure.actuator.FsmActuatorAutoConfiguration;
import dev.tgfsm.autoconfigure.middleware.FsmMiddlewareAutoConfiguration;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

/**
 * One observation per update through the real dispatcher, on a real {@link TestObservationRegistry}
 * with the memory storage and the rate limit: kinds and outcomes (handled, failed, duplicate, dropped
 * by the rate limit), the observation is current on the worker thread while the handler runs, and no
 * text of an update, user id or chat id appears in any key.
 */
class UpdateObservationsTests {

    private static final long USER = 734_512_908L;

    private static final String SECRET = "my card number is 4242";

    private final MutableClock clock = MutableClock.now();

    private final TestObservationRegistry observations = TestObservationRegistry.create();

    /** What was current on the worker thread while each update's handler ran, by update id. */
    private final Map<Integer, Observation> currentInHandler = new ConcurrentHashMap<>();

    /** The observations stopped, in the order they stopped. */
    private final List<Observation.Context> done = new CopyOnWriteArrayList<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class, FsmConversationAutoConfiguration.class,
                    FsmMiddlewareAutoConfiguration.class, FsmActuatorAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory", "tgfsm.rate-limit.enabled=true",
                    "tgfsm.rate-limit.limit-for-period=3", "tgfsm.rate-limit.period=1h")
            .withBean(FsmAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> clock)
            .withBean(UpdateHandler.class, () -> update -> {
                Observation current = observations.getCurrentObservation();
                if (current != null) {
                    currentInHandler.put(update.update().getUpdateId(), current);
                }
                update.context().setState("seen");
                if (update.update().hasMessage() && update.update().getMessage().getText().startsWith("boom")) {
                    throw new IllegalStateException("boom: " + SECRET);
                }
            });

    @Test
    void eachUpdateIsOneObservationWithItsKindAndOutcomeAndNoUserText() {
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                done.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        runner.withBean(ObservationRegistry.class, () -> observations).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(UpdateObservations.class);
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            Updates updates = new Updates(clock);

            Update handled = updates.text(USER, SECRET);
            dispatcher.submit(handled).get(10, TimeUnit.SECONDS);
            dispatcher.submit(handled).get(10, TimeUnit.SECONDS);
            assertThat(dispatcher.submit(updates.text(USER, "boom " + SECRET))).failsWithin(Duration.ofSeconds(10));
            Update pressed = updates.callback(USER, SECRET);
            dispatcher.submit(pressed).get(10, TimeUnit.SECONDS);
            // the fourth update of the user within the hour: the rate limit drops it
            dispatcher.submit(updates.text(USER, SECRET + " again")).get(10, TimeUnit.SECONDS);

            TestObservationRegistryAssert.assertThat(observations)
                    .hasNumberOfObservationsWithNameEqualTo(UpdateObservations.NAME, 5);
            assertThat(done).hasSize(5).allSatisfy(c -> {
                assertThat(c.getName()).isEqualTo(UpdateObservations.NAME);
                assertThat(c.getLowCardinalityKeyValue(UpdateObservations.BOT).getValue()).isEqualTo("0");
                for (KeyValue kv : c.getAllKeyValues()) {
                    assertThat(kv.getKey() + "=" + kv.getValue()).doesNotContain("4242", "card", "boom",
                            Long.toString(USER));
                }
                assertThat(c.getError()).isNull();
                assertThat(c.getContextualName()).doesNotContain("4242");
            });
            assertThat(done).extracting(c -> c.getLowCardinalityKeyValue(UpdateObservations.KIND).getValue()
                    + " " + c.getLowCardinalityKeyValue(UpdateObservations.OUTCOME).getValue()
                    + " " + c.getLowCardinalityKeyValue(UpdateObservations.EXCEPTION).getValue())
                    .containsExactly("message handled none", "message duplicate none",
                            "message failed IllegalStateException", "callback_query handled none",
                            "message dropped none");
            assertThat(done).extracting(c -> c.getHighCardinalityKeyValue(UpdateObservations.UPDATE_ID).getValue())
                    .containsExactly(String.valueOf(handled.getUpdateId()), String.valueOf(handled.getUpdateId()),
                            String.valueOf(handled.getUpdateId() + 1), String.valueOf(pressed.getUpdateId()),
                            String.valueOf(pressed.getUpdateId() + 1));
            // the update's observation is the current one on the worker thread while its handler runs
            assertThat(currentInHandler).hasSize(3);
            currentInHandler.forEach((id, current) -> assertThat(
                    current.getContextView().getHighCardinalityKeyValue(UpdateObservations.UPDATE_ID).getValue())
                    .isEqualTo(String.valueOf(id)));
            assertThat(observations.getCurrentObservation()).isNull();
        });
    }

    @Test
    void withoutAnObservationRegistryNothingIsObserved() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(UpdateObservations.class);
            context.getBean(UpdateDispatcher.class).submit(new Updates(clock).text(USER, "a")).get(10,
                    TimeUnit.SECONDS);
            assertThat(currentInHandler).isEmpty();
        });
    }
}
