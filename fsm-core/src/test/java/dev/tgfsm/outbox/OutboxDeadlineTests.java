package dev.tgfsm.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextOptions;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbound.Bucket;
import dev.tgfsm.outbound.FloodControlConfig;
import dev.tgfsm.outbound.InMemoryPermitStore;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.outbound.PermitStore;
import dev.tgfsm.storage.StorageSettings;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;

/**
 * A stored reply still waiting to be sent when its entry comes of age for another instance is sent
 * once: its sender gives up at the entry's deadline, unsent, and the instance taking the entry over
 * sends it.
 */
class OutboxDeadlineTests {

    private static final long BOT = 9;

    private static final long USER = 77;

    private static final StorageKey KEY = StorageKey.of(BOT, USER, USER);

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageSettings.defaults().withClock(clock));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(BOT, clock);

    private final OutboxConfig config = OutboxConfig.custom().retryBackoff(Duration.ZERO).build();

    private final CountDownLatch waiting = new CountDownLatch(1);

    /** The shared permits; tells when a sender first asked for one. */
    private final PermitStore permits = new PermitStore() {

        private final InMemoryPermitStore store = new InMemoryPermitStore();

        @Override
        public Duration tryAcquire(long bot, List<Bucket> buckets, Instant now) {
            Duration wait = store.tryAcquire(bot, buckets, now);
            if (!wait.isZero()) {
                waiting.countDown();
            }
            return wait;
        }

        @Override
        public void hold(long bot, Bucket bucket, Instant until, Instant now) {
            store.hold(bot, bucket, until, now);
        }
    };

    /** Flood control that would wait a minute for a permit: longer than the entry's deadline. */
    private final OutboundLimiter limiter = new OutboundLimiter(permits,
            FloodControlConfig.custom().maxWait(Duration.ofMinutes(1)).build(), clock, BOT);

    private FsmContexts instance(OutboxSender sender) {
        return new FsmContexts(storage, new JacksonFsmCodec(), ContextOptions.defaults(), null,
                new OutboxRelay(sender, clock));
    }

    private static SendMessage reply() {
        return SendMessage.builder().chatId(USER).text("hi").build();
    }

    @Test
    void aReplyWaitingForAFloodPermitPastItsDeadlineIsSentOnceByTheInstanceTakingItOver() throws Exception {
        FsmContexts first = instance(new OutboxSender(telegram::client, config, limiter));
        FsmContexts second = instance(new OutboxSender(telegram.client(), config));
        // Telegram paused the chat: the permit is 20 ms away, and stays so while the clock stands still
        limiter.tooManyRequests(reply(), Duration.ofMillis(20));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread sending = new Thread(() -> {
            try {
                first.inTransaction(KEY, tx -> {
                    tx.outbox().send(reply());
                    return null;
                });
            }
            catch (Throwable ex) {
                failure.set(ex);
            }
        }, "first-instance");
        sending.start();
        assertThat(waiting.await(10, TimeUnit.SECONDS)).as("the first instance committed and waits for its permit")
                .isTrue();

        clock.advance(config.redeliverAfter());
        second.inTransaction(KEY, tx -> tx.context().getState());
        sending.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(sending.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        assertThat(telegram.texts()).as("sent by the instance that took the entry over, not by both")
                .containsExactly("hi");
        clock.advance(config.ackDelay());
        second.inTransaction(KEY, tx -> tx.context().getState());
        clock.advance(config.redeliverAfter());
        first.inTransaction(KEY, tx -> tx.context().getState());
        second.inTransaction(KEY, tx -> tx.context().getState());
        assertThat(telegram.texts()).as("acknowledged, never sent again").containsExactly("hi");
        assertThat(storage.load(KEY).meta()).doesNotContainKey(OutboxRelay.META);
    }
}
