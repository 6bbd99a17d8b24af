package dev.tgfsm.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.dispatch.UpdateHandler;

/**
 * The cases of per-conversation order across instances ({@link CrossInstanceOrder}), run by one
 * subclass per store that keeps turns: two application instances on the store, and a third one that
 * dies holding a user's lock and an announcement.
 */
abstract class CrossInstanceOrderCases {

    private final CrossInstanceOrder scenario = new CrossInstanceOrder();

    /**
     * The store the instances share; called once per test.
     *
     * @return the store, in a namespace of its own
     */
    abstract CrossInstanceStore store();

    private ApplicationContextRunner runner(CrossInstanceStore store) {
        return store.runner().withBean(UpdateHandler.class, () -> scenario.handler)
                .withBean("announcements", BeanPostProcessor.class, () -> scenario.announcements);
    }

    @Test
    void updatesOfOneUserOnTwoInstancesAreHandledInUpdateIdOrderOnceEach() {
        CrossInstanceStore store = store();
        ApplicationContextRunner runner = runner(store);
        runner.run(a -> runner.run(b -> {
            try {
                scenario.runAndVerify(a, b);
            }
            finally {
                store.clear(b);
            }
        }));
    }

    @Test
    void announcementOfAKilledInstanceLapsesWithItsLease() {
        CrossInstanceStore store = store();
        ApplicationContextRunner runner = runner(store);
        runner.run(dead -> runner.run(a -> runner.run(b -> {
            try {
                scenario.deadAnnouncerHoldsNobodyUp(dead, a, b, Duration.ofSeconds(2));
            }
            finally {
                store.clear(b);
            }
        })));
    }
}
