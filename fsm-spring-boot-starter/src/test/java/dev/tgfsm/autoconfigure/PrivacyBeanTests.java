package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransaction;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.privacy.Privacy;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * The injectable {@link Privacy} bean: exports and erases what the application's conversations stored
 * for one user, and gives way to one of the application's own.
 */
class PrivacyBeanTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class));

    @Test
    void privacyBeanExportsAndErasesWhatAConversationStored() {
        this.runner.run(context -> {
            FsmContexts contexts = context.getBean(FsmContexts.class);
            StorageKey key = StorageKey.of(5, 42, 42);
            try (FsmTransaction tx = FsmTransactions.begin(contexts, key)) {
                tx.context().setState("Order:NAME");
                tx.context().updateData(Map.of("name", "Ann"));
                tx.commit();
            }
            Privacy privacy = context.getBean(Privacy.class);

            assertThat(privacy.export(42).conversations()).singleElement()
                    .satisfies(c -> assertThat(c.records().get(StorageKey.DEFAULT_DESTINY).data()).containsEntry("name",
                            "Ann"));
            assertThat(privacy.erase(42).records()).isEqualTo(1);
            assertThat(privacy.export(42).isEmpty()).isTrue();
        });
    }

    @Test
    void applicationPrivacyBeanWins() {
        Privacy mine = new Privacy(new InMemoryFsmStorage(StorageConfig.ofDefaults()), Clock.systemUTC(),
                Duration.ofSeconds(1), Duration.ZERO);
        this.runner.withBean("myPrivacy", Privacy.class, () -> mine).run(context -> {
            assertThat(context).hasSingleBean(Privacy.class);
            assertThat(context.getBean(Privacy.class)).isSameAs(mine);
        });
    }
}
