package dev.tgfsm.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;

import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.RecordingTelegramClient;

class OutboundLimiterTests {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    private final List<Duration> sleeps = new ArrayList<>();

    private OutboundLimiter limiter(PermitStore store, FloodControlConfig config) {
        return new OutboundLimiter(store, config, Map.of(), clock, 0, d -> {
            sleeps.add(d);
            clock.advance(d);
        });
    }

    private static FloodControlConfig config(int chatBurst, int globalBurst) {
        return FloodControlConfig.custom().global(new FloodLimit(10, Duration.ofSeconds(1), globalBurst))
                .chat(new FloodLimit(1, Duration.ofSeconds(1), chatBurst))
                .group(new FloodLimit(20, Duration.ofMinutes(1), 1)).maxWait(Duration.ofSeconds(30)).build();
    }

    private static SendMessage to(long chat) {
        return SendMessage.builder().chatId(chat).text("hi").build();
    }

    private List<Instant> acquireTimes(OutboundLimiter limiter, List<SendMessage> calls) {
        List<Instant> times = new ArrayList<>();
        for (SendMessage call : calls) {
            limiter.acquire(call);
            times.add(clock.instant());
        }
        return times;
    }

    @Test
    void sendsToOneChatArePacedAtItsRate() {
        OutboundLimiter limiter = limiter(new InMemoryPermitStore(), config(1, 1));
        Instant start = clock.instant();
        List<Instant> times = acquireTimes(limiter, List.of(to(7), to(7), to(7), to(7)));
        assertThat(times).containsExactly(start, start.plusSeconds(1), start.plusSeconds(2), start.plusSeconds(3));
    }

    @Test
    void aReplyMayBurstUpToTheChatBurstThenIsPaced() {
        OutboundLimiter limiter = limiter(new InMemoryPermitStore(), config(3, 3));
        Instant start = clock.instant();
        List<Instant> times = acquireTimes(limiter, List.of(to(7), to(7), to(7), to(7)));
        assertThat(times).containsExactly(start, start, start, start.plusSeconds(1));
    }

    @Test
    void sendsToManyChatsArePacedAtTheGlobalRate() {
        OutboundLimiter limiter = limiter(new InMemoryPermitStore(), config(1, 1));
        Instant start = clock.instant();
        List<SendMessage> calls = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            calls.add(to(100 + i));
        }
        List<Instant> times = acquireTimes(limiter, calls);
        assertThat(times.get(10)).isEqualTo(start.plusSeconds(1));
        assertThat(times.get(20)).isEqualTo(start.plusSeconds(2));
    }

    @Test
    void groupsAreLimitedPerMinuteOnTopOfThePerChatLimit() {
        OutboundLimiter limiter = limiter(new InMemoryPermitStore(), config(1, 1));
        Instant start = clock.instant();
        List<Instant> times = acquireTimes(limiter, List.of(to(-100), to(-100)));
        assertThat(times).containsExactly(start, start.plusSeconds(3));
    }

    @Test
    void backgroundCallsYieldToReplies() {
        OutboundLimiter limiter = limiter(new InMemoryPermitStore(), config(1, 3));
        // a broadcast books the global bucket at its sustained rate: it never goes ahead of now
        OutboundPriority.background(() -> limiter.acquire(to(1)));
        assertThat(OutboundPriority.background(() -> {
            limiter.acquire(to(2));
            return clock.instant();
        })).isEqualTo(Instant.parse("2026-01-01T00:00:00.100Z"));
        // a reply still gets a permit at once, and then the broadcast waits for the one after it
        Instant replied = clock.instant();
        limiter.acquire(to(9));
        assertThat(clock.instant()).isEqualTo(replied);
        OutboundPriority.background(() -> limiter.acquire(to(3)));
        assertThat(clock.instant()).isEqualTo(replied.plusMillis(200));
        assertThat(OutboundPriority.current()).isEqualTo(OutboundPriority.INTERACTIVE);
    }

    @Test
    void tooManyRequestsPausesTheChatUntilRetryAfter() {
        OutboundLimiter limiter = limiter(new InMemoryPermitStore(), config(3, 3));
        Instant start = clock.instant();
        limiter.tooManyRequests(to(7), Duration.ofSeconds(5));
        limiter.acquire(to(8));
        assertThat(clock.instant()).isEqualTo(start);
        limiter.acquire(to(7));
        assertThat(clock.instant()).isEqualTo(start.plusSeconds(5));
    }

    @Test
    void tooManyRequestsInAGroupAlsoPausesItsPerMinuteBucket() {
        FloodControlConfig limits = FloodControlConfig.custom().chat(new FloodLimit(1, Duration.ofSeconds(1), 3))
                .group(new FloodLimit(20, Duration.ofMinutes(1), 3)).maxWait(Duration.ofSeconds(30)).build();
        OutboundLimiter limiter = limiter(new InMemoryPermitStore(), limits);
        Instant start = clock.instant();
        limiter.tooManyRequests(to(-100), Duration.ofSeconds(5));
        // without the group's hold its burst would let the second go 1 s after the first (the chat's rate)
        assertThat(acquireTimes(limiter, List.of(to(-100), to(-100))))
                .containsExactly(start.plusSeconds(5), start.plusSeconds(8));
    }

    @Test
    void deletionsCountOnlyGloballyAndCallbackAnswersNotAtAll() {
        OutboundLimiter limiter = limiter(new InMemoryPermitStore(), config(1, 1));
        Instant start = clock.instant();
        limiter.acquire(to(7));
        limiter.acquire(DeleteMessage.builder().chatId(7L).messageId(1).build());
        limiter.acquire(AnswerCallbackQuery.builder().callbackQueryId("q").build());
        assertThat(clock.instant()).isEqualTo(start.plusMillis(100));
    }

    @Test
    void noPermitWithinMaxWaitFailsWithoutWaiting() {
        FloodControlConfig config = FloodControlConfig.custom().chat(new FloodLimit(1, Duration.ofMinutes(1), 1))
                .maxWait(Duration.ofSeconds(5)).build();
        OutboundLimiter limiter = limiter(new InMemoryPermitStore(), config);
        limiter.acquire(to(7));
        assertThatThrownBy(() -> limiter.acquire(to(7))).isInstanceOf(OutboundLimitException.class)
                .hasMessageContaining("sendmessage");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aCallWithADeadlineNeitherWaitsNorIsExecutedPastIt() throws Exception {
        RecordingTelegramClient telegram = new RecordingTelegramClient(0, clock);
        OutboundLimiter limiter = limiter(new InMemoryPermitStore(), config(1, 1));
        limiter.execute(0, telegram.client(), to(7), Duration.ofSeconds(1));

        assertThatThrownBy(() -> limiter.execute(0, telegram.client(), to(7), Duration.ofMillis(999)))
                .as("the permit is 1 s away: not waited for").isInstanceOf(OutboundLimitException.class);
        assertThat(sleeps).isEmpty();
        OutboundLimiter late = new OutboundLimiter(new InMemoryPermitStore(), config(1, 1), Map.of(), clock, 0,
                d -> clock.advance(d.plusMillis(1)));
        late.execute(0, telegram.client(), to(8), Duration.ofSeconds(1));
        assertThatThrownBy(() -> late.execute(0, telegram.client(), to(8), Duration.ofSeconds(1)))
                .as("the permit came after the deadline: not executed").isInstanceOf(OutboundLimitException.class);
        assertThat(limiter.execute(0, telegram.client(), to(7), Duration.ofSeconds(1))).as("in time: executed")
                .isNotNull();

        assertThat(telegram.calls()).hasSize(3);
    }

    @Test
    void aStoreOutageFallsBackToLocalLimitsOrFailsByTheFailureMode() {
        PermitStore down = new PermitStore() {
            @Override
            public Duration tryAcquire(long bot, List<Bucket> buckets, Instant now) {
                throw new StorageUnavailableException("down", null);
            }

            @Override
            public void hold(long bot, Bucket bucket, Instant until, Instant now) {
                throw new StorageUnavailableException("down", null);
            }
        };
        OutboundLimiter local = limiter(down, config(1, 1));
        Instant start = clock.instant();
        assertThat(acquireTimes(local, List.of(to(7), to(7)))).containsExactly(start, start.plusSeconds(1));
        OutboundLimiter hold = limiter(down, FloodControlConfig.custom().failureMode(FloodFailureMode.HOLD).build());
        assertThatThrownBy(() -> hold.acquire(to(7))).isInstanceOf(StorageUnavailableException.class);
    }

    @Test
    void disabledTakesNoPermits() {
        OutboundLimiter limiter = limiter(new InMemoryPermitStore(), FloodControlConfig.disabled());
        acquireTimes(limiter, List.of(to(7), to(7), to(7)));
        assertThat(sleeps).isEmpty();
    }
}
