package dev.tgfsm.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;

/**
 * The application's client behind the limiter, on a mutable clock: its sends are paced as the
 * library's are, reads and answers take no permit, multipart sends count for their chat, a call the
 * library's gate executes through it is charged once, and a 400 is not retried.
 */
class FloodControlledTelegramClientTests {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    private final RecordingTelegramClient telegram = new RecordingTelegramClient(0, clock);

    private final AtomicInteger granted = new AtomicInteger();

    /** Counts the permits the store grants: one per charged call. */
    private final PermitStore store = new PermitStore() {

        private final InMemoryPermitStore memory = new InMemoryPermitStore();

        @Override
        public Duration tryAcquire(long bot, List<Bucket> buckets, Instant now) {
            Duration wait = memory.tryAcquire(bot, buckets, now);
            if (wait.isZero()) {
                granted.incrementAndGet();
            }
            return wait;
        }

        @Override
        public void hold(long bot, Bucket bucket, Instant until, Instant now) {
            memory.hold(bot, bucket, until, now);
        }
    };

    private final OutboundLimiter limiter = new OutboundLimiter(store, FloodControlConfig.custom()
            .chat(new FloodLimit(1, Duration.ofSeconds(1), 1)).maxWait(Duration.ofSeconds(30)).build(), Map.of(), clock,
            0, clock::advance);

    private final TelegramClient client = FloodControlledTelegramClient.wrap(telegram.client(), limiter, Runnable::run);

    private static SendMessage to(long chat) {
        return SendMessage.builder().chatId(chat).text("hi").build();
    }

    @Test
    void theApplicationsSendsToOneChatArePacedAtItsRate() throws Exception {
        Instant start = clock.instant();
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            client.execute(to(7));
            times.add(clock.instant());
        }
        assertThat(times).containsExactly(start, start.plusSeconds(1), start.plusSeconds(2));
        assertThat(telegram.calls("sendMessage")).hasSize(3);
        assertThat(FloodControlledTelegramClient.isFloodControlled(client)).isTrue();
        assertThat(FloodControlledTelegramClient.isFloodControlled(telegram.client())).isFalse();
    }

    @Test
    void aCallTheLibrarysGateExecutesThroughTheClientIsChargedOnce() throws Exception {
        Instant start = clock.instant();
        limiter.execute(0, client, to(7));
        limiter.execute(0, client, to(7));
        assertThat(granted).as("one permit per call").hasValue(2);
        assertThat(clock.instant()).as("charged twice, the second call would wait 2 s").isEqualTo(start.plusSeconds(1));
    }

    @Test
    void readsAndAnswersTakeNoPermitAndMultipartSendsCountForTheirChat() throws Exception {
        client.execute(new GetMe());
        client.execute(AnswerCallbackQuery.builder().callbackQueryId("q").build());
        assertThat(granted).hasValue(0);
        Instant start = clock.instant();
        client.execute(SendPhoto.builder().chatId(7L).photo(new InputFile("file-id")).build());
        client.execute(to(7));
        assertThat(granted).hasValue(2);
        assertThat(clock.instant()).as("the photo took the chat's permit").isEqualTo(start.plusSeconds(1));
    }

    @Test
    void asyncCallsAreChargedAsWell() throws Exception {
        client.executeAsync(to(7)).get();
        client.executeAsync(SendPhoto.builder().chatId(8L).photo(new InputFile("file-id")).build()).get();
        assertThat(granted).hasValue(2);
        assertThat(telegram.calls()).hasSize(2);
    }

    @Test
    void aBadRequestIsNotRetried() {
        assertThatThrownBy(() -> client.execute(SendMessage.builder().chatId(7L).text("x".repeat(5000)).build()))
                .isInstanceOfSatisfying(TelegramApiRequestException.class,
                        ex -> assertThat(ex.getErrorCode()).isEqualTo(400));
        assertThat(telegram.calls("sendMessage")).hasSize(1);
    }

    @Test
    void permitsTakenAheadWithAcquireServeTheNextSendThroughTheClient() throws Exception {
        Instant start = clock.instant();
        limiter.acquire(to(7));
        client.execute(to(7));
        assertThat(granted).as("acquire, then the send: charged once").hasValue(1);
        assertThat(clock.instant()).as("no wait for a second permit").isEqualTo(start);

        client.execute(to(7));
        assertThat(granted).hasValue(2);
        assertThat(clock.instant()).as("the next send waits its turn").isEqualTo(start.plusSeconds(1));
    }

    @Test
    void permitsTakenAheadForAnotherChatDoNotPayForTheSend() throws Exception {
        limiter.acquire(to(7));
        client.execute(to(8));
        client.execute(to(7));
        assertThat(granted).as("acquire(7), send(8), send(7): the send to 8 dropped the permits of 7").hasValue(3);
    }

    @Test
    void eachBotsCallsAreSentByItsClientAndChargedToItsBuckets() throws Exception {
        List<Long> charged = new ArrayList<>();
        PermitStore byBot = new PermitStore() {

            private final InMemoryPermitStore memory = new InMemoryPermitStore();

            @Override
            public Duration tryAcquire(long bot, List<Bucket> buckets, Instant now) {
                charged.add(bot);
                return memory.tryAcquire(bot, buckets, now);
            }

            @Override
            public void hold(long bot, Bucket bucket, Instant until, Instant now) {
                memory.hold(bot, bucket, until, now);
            }
        };
        OutboundLimiter perBot = new OutboundLimiter(byBot, FloodControlConfig.custom()
                .chat(new FloodLimit(1, Duration.ofSeconds(1), 1)).maxWait(Duration.ofSeconds(30)).build(), Map.of(),
                clock, 0, clock::advance);
        RecordingTelegramClient first = new RecordingTelegramClient(1, clock);
        RecordingTelegramClient second = new RecordingTelegramClient(2, clock);
        long[] sender = {2};
        TelegramClient both = FloodControlledTelegramClient.wrap(bot -> bot == 2 ? second.client() : first.client(),
                () -> sender[0], perBot, Runnable::run);
        Instant start = clock.instant();

        both.execute(to(7));
        sender[0] = 1;
        both.execute(to(7));
        both.executeAsync(to(9)).get();

        assertThat(charged).as("outside any update, each call is charged to the bot that sends it")
                .containsExactly(2L, 1L, 1L);
        assertThat(second.calls("sendMessage")).hasSize(1);
        assertThat(first.calls("sendMessage")).hasSize(2);
        assertThat(clock.instant()).as("chat 7 of each bot is a bucket of its own: no wait").isEqualTo(start);
    }
}
