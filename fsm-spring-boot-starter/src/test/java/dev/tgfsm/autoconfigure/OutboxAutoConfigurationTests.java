package dev.tgfsm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbox.OutboxFlusher;
import dev.tgfsm.outbox.OutboxRelay;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.telegram.TestUpdates;
import dev.tgfsm.testing.RecordingTelegramClient;

class OutboxAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FsmAutoConfiguration.class));

    private static boolean anyPending(FsmStorage storage) {
        try (Stream<StorageKey> keys = storage.listKeys("*")) {
            return keys.toList().stream().anyMatch(k -> storage.load(k).meta().containsKey(OutboxRelay.META));
        }
    }

    @Test
    void repliesGoThroughTheOutboxAndClosingTheContextStoresTheirAcknowledgement() {
        InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults());
        RecordingTelegramClient telegram = new RecordingTelegramClient(1, Clock.systemUTC());
        UpdateHandler handler = u -> u.transaction().outbox().send(SendMessage.builder().chatId(5L).text("hi").build());
        runner.withBean(FsmStorage.class, () -> storage).withBean(TelegramClient.class, telegram::client)
                .withBean(UpdateHandler.class, () -> handler)
                .withPropertyValues("tgfsm.outbox.ack-delay=1m", "tgfsm.outbox.redeliver-after=2m",
                        "tgfsm.outbox.error-text=Oops")
                .run(context -> {
                    assertThat(context).hasSingleBean(OutboxRelay.class).hasSingleBean(OutboxFlusher.class)
                            .hasSingleBean(OutboxLifecycle.class);
                    OutboxRelay relay = context.getBean(OutboxRelay.class);
                    assertThat(FsmTransactions.outboxRelay(context.getBean(FsmContexts.class))).isSameAs(relay);
                    assertThat(relay.config().errorText()).isEqualTo("Oops");
                    context.getBean(UpdateDispatcher.class).submit(TestUpdates.message(1, 5, "hi")).get(10,
                            TimeUnit.SECONDS);
                    assertThat(telegram.texts()).containsExactly("hi");
                    assertThat(anyPending(storage)).as("acknowledgement not yet stored (ack delay 1m)").isTrue();
                });
        assertThat(anyPending(storage)).as("the graceful shutdown stored it").isFalse();
    }

    @Test
    void aRedeliveryAgeNotAboveTheAckDelayFailsAtStartUp() {
        runner.withPropertyValues("tgfsm.outbox.ack-delay=5s", "tgfsm.outbox.redeliver-after=5s")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("redeliver"));
    }

    @Test
    void withoutAClientNothingCanBeQueued() {
        runner.run(context -> {
            OutboxRelay relay = context.getBean(OutboxRelay.class);
            assertThat(relay.canSend()).isFalse();
            assertThat(List.of(context.getBeanNamesForType(OutboxLifecycle.class))).hasSize(1);
        });
    }
}
