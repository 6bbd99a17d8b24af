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
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.outbound.Bucket;
import dev.tgfsm.outbound.FloodControlConfig;
import dev.tgfsm.outbound.FloodLimit;
import dev.tgfsm.outbound.InMemoryPermitStore;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.outbound.PermitStore;
import dev.tgfsm.storage.StorageConfig;
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

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

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

    /**
     * Flood control that would wait a minute for a permit (longer than the entry's deadline); one
     * message to a chat every 10 ms, no burst.
     */
    private final OutboundLimiter limiter = new OutboundLimiter(permits, FloodControlConfig.custom()
            .chat(new FloodLimit(100, Duration.ofSeconds(1), 1)).maxWait(Duration.ofMinutes(1)).build(), clock, BOT);

    /** One process: its relay (run id), units of work and flusher on the shared storage. */
    private record Instance(FsmContexts contexts, OutboxFlusher flusher) {

        void touch() {
            contexts.inTransaction(KEY, tx -> tx.context().getState());
        }
    }

    private Instance instance(OutboxSender sender) {
        OutboxRelay relay = new OutboxRelay(sender, clock);
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null, relay);
        return new Instance(contexts, new OutboxFlusher(contexts, relay, clock, Duration.ofSeconds(1)));
    }

    private static SendMessage reply() {
        return reply("hi");
    }

    private static SendMessage reply(String text) {
        return SendMessage.builder().chatId(USER).text(text).build();
    }

    /** Commits the replies on a thread of its own, which then sends them (and may wait for permits). */
    private Thread committing(Instance instance, AtomicReference<Throwable> failure, String... texts) {
        Thread thread = new Thread(() -> {
            try {
                instance.contexts().inTransaction(KEY, tx -> {
                    for (String text : texts) {
                        tx.outbox().send(reply(text));
                    }
                    return null;
                });
            }
            catch (Throwable ex) {
                failure.set(ex);
            }
        }, "first-instance");
        thread.start();
        return thread;
    }

    @Test
    void aReplyWaitingForAFloodPermitPastItsDeadlineIsSentOnceByTheInstanceTakingItOver() throws Exception {
        Instance first = instance(new OutboxSender(telegram::client, config, limiter));
        Instance second = instance(new OutboxSender(telegram.client(), config));
        // Telegram paused the chat: the permit is 20 ms away, and stays so while the clock stands still
        limiter.tooManyRequests(reply(), Duration.ofMillis(20));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread sending = committing(first, failure, "hi");
        assertThat(waiting.await(10, TimeUnit.SECONDS)).as("the first instance committed and waits for its permit")
                .isTrue();

        clock.advance(config.redeliverAfter());
        second.touch();
        sending.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(sending.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        assertThat(telegram.texts()).as("sent by the instance that took the entry over, not by both")
                .containsExactly("hi");
        clock.advance(config.ackDelay());
        second.touch();
        clock.advance(config.redeliverAfter());
        first.touch();
        second.touch();
        assertThat(telegram.texts()).as("acknowledged, never sent again").containsExactly("hi");
        assertThat(storage.load(KEY).meta()).doesNotContainKey(OutboxRelay.META);
    }

    @Test
    void anEntryPartlySentByItsDeadlineIsStoredAgainWithoutTheSentCallsBeforeAnotherInstanceTakesItOver()
            throws Exception {
        Instance first = instance(new OutboxSender(telegram::client, config, limiter));
        Instance second = instance(new OutboxSender(telegram.client(), config));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread sending = committing(first, failure, "one", "two");
        assertThat(waiting.await(10, TimeUnit.SECONDS)).as("'one' sent, 'two' waits for its permit").isTrue();

        clock.advance(config.redeliverAfter().minus(config.ackDelay()).plusMillis(1));
        sending.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(sending.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        assertThat(telegram.texts()).containsExactly("one");
        assertThat(first.flusher().flushDue()).as("due at once").isEqualTo(1);
        clock.advance(config.ackDelay());
        second.touch();

        assertThat(telegram.texts()).as("'two' sent by the first instance's flush; 'one' not again")
                .containsExactly("one", "two");
        first.flusher().flushDue();
        clock.advance(config.redeliverAfter());
        second.touch();
        assertThat(telegram.texts()).containsExactly("one", "two");
        assertThat(storage.load(KEY).meta()).doesNotContainKey(OutboxRelay.META);
    }
}
