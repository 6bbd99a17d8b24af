package dev.tgfsm.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.FsmException;
import dev.tgfsm.autoconfigure.routing.FsmRoutingAutoConfiguration;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.scope.Director;
import dev.tgfsm.testing.Updates;

class UpdateScopeTests {

    private static final Updates UPDATES = new Updates(java.time.Clock.systemUTC());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmRoutingAutoConfiguration.class))
            .withUserConfiguration(CoreBeans.class, BookingState.class, Greeter.class, ScopeController.class);

    /** A singleton holding update-scoped proxies. */
    static class Greeter {

        private final FsmContext context;

        private final Director director;

        private final BookingState booking;

        Greeter(FsmContext context, Director director, BookingState booking) {
            this.context = context;
            this.director = director;
            this.booking = booking;
        }

        String describe() {
            booking.put(new Booking("h" + director.userId(), 1));
            return "director=" + director.userId() + " context=" + context.key().userId()
                    + " booking=" + booking.get().hotel() + " same=" + director.state().key().equals(context.key());
        }
    }

    /** Handlers that meet at a barrier, so two users' updates are in flight at once. */
    @BotController
    static class ScopeController {

        private final Greeter greeter;

        private final Recorder recorder;

        private final CyclicBarrier barrier = new CyclicBarrier(2);

        ScopeController(Greeter greeter, Recorder recorder) {
            this.greeter = greeter;
            this.recorder = recorder;
        }

        @OnCommand("who")
        public void who(long userId) throws Exception {
            barrier.await(5, TimeUnit.SECONDS);
            recorder.add(userId + ": " + greeter.describe());
        }
    }

    @Test
    void scopedProxiesInASingletonResolveToEachConcurrentUpdate() {
        runner.run(context -> {
            UpdateDispatcher dispatcher = context.getBean(UpdateDispatcher.class);
            CompletableFuture<Void> first = dispatcher.submit(UPDATES.text(21, "/who"));
            CompletableFuture<Void> second = dispatcher.submit(UPDATES.text(22, "/who"));
            CompletableFuture.allOf(first, second).get(10, TimeUnit.SECONDS);
            assertThat(context.getBean(Recorder.class).calls).containsExactlyInAnyOrder(
                    "21: director=21 context=21 booking=h21 same=true",
                    "22: director=22 context=22 booking=h22 same=true");
        });
    }

    @Test
    void scopedBeansUsedOutsideAnUpdateFailWithAClearMessage() {
        runner.run(context -> {
            FsmContext fsm = context.getBean(FsmContext.class);
            Director director = context.getBean(Director.class);
            BookingState booking = context.getBean(BookingState.class);
            assertThatThrownBy(fsm::getState).isInstanceOf(FsmException.class)
                    .hasMessageContaining("is update-scoped, but no update is being handled on thread")
                    .hasMessageContaining("FsmContexts.writeThrough");
            assertThatThrownBy(director::userId).isInstanceOf(FsmException.class);
            assertThatThrownBy(booking::get).isInstanceOf(FsmException.class);
        });
    }
}
