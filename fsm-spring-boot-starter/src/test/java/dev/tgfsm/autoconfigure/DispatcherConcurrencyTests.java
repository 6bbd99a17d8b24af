package dev.tgfsm.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * 100 users x 20 interleaved updates through the auto-configured dispatcher on the in-memory backend,
 * with and without distributed locks.
 */
class DispatcherConcurrencyTests {

    private final DispatcherConcurrency scenario = new DispatcherConcurrency();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class))
            .withPropertyValues("tgfsm.storage.type=memory", "tgfsm.dispatcher.threads=8")
            .withBean(dev.tgfsm.dispatch.UpdateHandler.class, () -> scenario.handler);

    @Test
    void perUserOrderIsKeptAndFinalDataIsExact() {
        this.runner.run(scenario::runAndVerify);
    }

    @Test
    void perUserOrderIsKeptWithDistributedLocks() {
        this.runner.withPropertyValues("tgfsm.isolation.distributed=true").run(scenario::runAndVerify);
    }
}
