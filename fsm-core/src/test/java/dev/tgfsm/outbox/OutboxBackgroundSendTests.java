package dev.tgfsm.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.ForwardingFsmStorage;
import dev.tgfsm.storage.RecordWrite;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.WriteBatch;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;

/**
 * The flusher's background checks write acknowledgements while a redelivery they took over is still
 * being sent: a send that hangs (a slow Bot API, a wait for flood-control permits) never holds back
 * an acknowledgement until another instance takes the delivered entry as stale and sends it again.
 */
class OutboxBackgroundSendTests {

    private static final long BOT = 9;

    private static final StorageKey STALE = StorageKey.of(BOT, 1, 1);

    private static final StorageKey REPLIED = StorageKey.of(BOT, 2, 2);

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage memory = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final OutboxRelay relay = new OutboxRelay(new OutboxSender(telegram.client(),
            OutboxConfig.custom().retryBackoff(Duration.ZERO).build()), clock);

    /** Counted down when a write leaves the replied conversation without pending entries. */
    private final CountDownLatch acknowledged = new CountDownLatch(1);

    private final FsmContexts contexts = FsmTransactions.contexts(new ForwardingFsmStorage(memory) {
        @Override
        public List<RuntimeException> saveEach(List<WriteBatch> batches) {
            List<RuntimeException> outcomes = super.saveEach(batches);
            boolean touched = batches.stream().flatMap(b -> b.writes().stream()).map(RecordWrite::key)
                    .anyMatch(REPLIED::equals);
            if (touched && pending(REPLIED) == null) {
                acknowledged.countDown();
            }
            return outcomes;
        }
    }, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null, relay);

    private Object pending(StorageKey key) {
        return memory.load(key).meta().get(OutboxRelay.META);
    }

    private static Map<String, Object> stored(String text) {
        return Map.of("type", SendMessage.class.getName(), "body", Map.of("chat_id", "1", "text", text));
    }

    @Test
    void aDueAcknowledgementIsWrittenWhileARedeliveryIsStillBeingSent() throws Exception {
        OutboxConfig config = relay.config();
        // a stopped run's reply, stored and never sent
        Map<String, Object> entry = Map.of("id", "e1", "run", "stopped", "at", clock.millis(), "calls",
                List.of(stored("stale reply")));
        memory.change(STALE, r -> r.withMeta(Map.of(OutboxRelay.META, List.of(entry))), null);
        clock.advance(config.redeliverAfter().minusSeconds(1));
        // this run sees the entry young (due for redelivery in 1 s) and replies to another user (its
        // acknowledgement due in ackDelay, after the redelivery began)
        contexts.inTransaction(STALE, tx -> tx.context().getState());
        contexts.inTransaction(REPLIED, tx -> {
            tx.outbox().send(SendMessage.builder().chatId(2L).text("reply").build());
            return null;
        });
        CountDownLatch redelivering = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        telegram.onCall(call -> {
            if ("stale reply".equals(call.text())) {
                redelivering.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        OutboxFlusher flusher = new OutboxFlusher(contexts, relay, clock, Duration.ofMillis(5));
        flusher.start();
        try {
            clock.advance(Duration.ofSeconds(1));
            assertThat(redelivering.await(10, TimeUnit.SECONDS)).as("a check took the stale entry over and sends it")
                    .isTrue();

            clock.advance(config.ackDelay().minusSeconds(1));
            assertThat(acknowledged.await(10, TimeUnit.SECONDS))
                    .as("the next check writes the due acknowledgement while the redelivery's send hangs").isTrue();
            assertThat(pending(REPLIED)).isNull();
            // the relay forgets the acknowledged delivery once the write has returned to the check
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (relay.pendingAcknowledgements() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(relay.pendingAcknowledgements()).as("the redelivery is not delivered yet").isZero();
        }
        finally {
            release.countDown();
            flusher.stop();
        }

        assertThat(telegram.texts()).containsExactly("reply", "stale reply");
        assertThat(pending(STALE)).as("the redelivery, acknowledged when the flusher stopped").isNull();
        assertThat(relay.pendingAcknowledgements()).isZero();
    }
}
