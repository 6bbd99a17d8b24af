package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

import dev.tgfsm.outbound.Bucket;
import dev.tgfsm.outbound.FloodControlConfig;
import dev.tgfsm.outbound.FloodLimit;
import dev.tgfsm.outbound.OutboundLimiter;
import dev.tgfsm.outbound.OutboundPriority;
import dev.tgfsm.outbound.PermitStore;
import dev.tgfsm.testing.LocalBotApiServer;

/**
 * Outbound flood control shared through one real store: three limiter instances, each with its own
 * permit store (own connection) and Bot API client, sending to the local Bot API server, together
 * stay under the global and the per-chat limits and send every call once; a {@code 429} seen by one
 * pauses the chat (and a group's per-minute bucket) for the others. Counted from the server's arrival
 * times, with low limits (20 per second overall) to keep it short, and bounds that leave room for a
 * loaded machine's delivery delays: limits not shared between instances would exceed them threefold.
 */
public abstract class FloodControlContract {

    /** The bot whose buckets the instances share. */
    protected static final long BOT = 123456;

    private static final int INSTANCES = 3;

    private static final FloodControlConfig LIMITS = FloodControlConfig.custom()
            .global(new FloodLimit(20, Duration.ofSeconds(1), 1)).chat(new FloodLimit(1, Duration.ofSeconds(1), 1))
            .group(new FloodLimit(20, Duration.ofMinutes(1), 3)).maxWait(Duration.ofSeconds(10)).build();

    private final List<OutboundLimiter> limiters = new ArrayList<>();

    private final List<OkHttpTelegramClient> clients = new ArrayList<>();

    /** Released once per completed hold, by any instance. */
    private final Semaphore holds = new Semaphore(0);

    private LocalBotApiServer server;

    /**
     * Opens the permit store of one more instance on the store under test, with a connection (pool)
     * of its own.
     *
     * @return the store
     */
    protected abstract PermitStore openStore();

    /** Closes what {@link #openStore()} opened. */
    protected abstract void closeStores();

    @BeforeEach
    void startInstances() throws Exception {
        server = LocalBotApiServer.start();
        for (int i = 0; i < INSTANCES; i++) {
            limiters.add(new OutboundLimiter(signallingHolds(openStore()), LIMITS, Clock.systemUTC(), BOT));
            OkHttpTelegramClient client = new OkHttpTelegramClient(BOT + ":test-token", server.telegramUrl());
            client.execute(new GetMe()); // the first call of a client is slow; warm it so arrival times follow the permits
            clients.add(client);
        }
    }

    @AfterEach
    void stopInstances() {
        try {
            closeStores();
        }
        finally {
            server.close();
        }
    }

    /** The store itself, telling the test when a hold is booked. */
    private PermitStore signallingHolds(PermitStore store) {
        return new PermitStore() {
            @Override
            public Duration tryAcquire(long bot, List<Bucket> buckets, Instant now) {
                return store.tryAcquire(bot, buckets, now);
            }

            @Override
            public void hold(long bot, Bucket bucket, Instant until, Instant now) {
                store.hold(bot, bucket, until, now);
                holds.release();
            }
        };
    }

    private CompletableFuture<Void> send(int instance, List<Long> chats, boolean background) {
        return CompletableFuture.runAsync(() -> {
            Runnable all = () -> {
                for (long chat : chats) {
                    try {
                        limiters.get(instance).execute(clients.get(instance),
                                SendMessage.builder().chatId(chat).text("from " + instance).build());
                    }
                    catch (TelegramApiException ex) {
                        throw new IllegalStateException(ex);
                    }
                }
            };
            if (background) {
                OutboundPriority.background(all);
            }
            else {
                all.run();
            }
        });
    }

    private void awaitHolds(int count) throws InterruptedException {
        assertThat(holds.tryAcquire(count, 10, TimeUnit.SECONDS)).as("%d holds booked", count).isTrue();
    }

    @Test
    public void threeInstancesSendingToManyChatsStayUnderTheChatAndGlobalLimitsAndSendEachCallOnce() {
        List<Long> chats = new ArrayList<>();
        for (long chat = 1000; chat < 1020; chat++) {
            chats.add(chat);
        }
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (int instance = 0; instance < INSTANCES; instance++) {
            runs.add(send(instance, chats, instance == INSTANCES - 1)); // the last one as a broadcast
        }
        runs.forEach(CompletableFuture::join);

        List<LocalBotApiServer.Request> sent = server.requests("sendMessage");
        assertThat(sent).hasSize(INSTANCES * chats.size()).allSatisfy(r -> assertThat(r.result()).isNotNull());
        Map<String, List<LocalBotApiServer.Request>> byChat = sent.stream()
                .collect(Collectors.groupingBy(r -> r.param("chat_id")));
        assertThat(byChat).hasSize(chats.size()).allSatisfy((chat, calls) -> {
            assertThat(calls).extracting(r -> r.param("text")).as("chat %s", chat)
                    .containsExactlyInAnyOrder("from 0", "from 1", "from 2");
            assertThat(SendWindows.maxPerWindow(calls, 1000)).as("messages to chat %s in any second", chat)
                    .isLessThanOrEqualTo(2);
        });
        // 20 per second: 21 in any second, plus room for delivery delays of a loaded machine (unshared: 60)
        assertThat(SendWindows.maxPerWindow(sent, 1000)).as("calls in any second, all instances")
                .isLessThanOrEqualTo(30);
        LongSummaryStatistics at = sent.stream().mapToLong(LocalBotApiServer.Request::atMillis).summaryStatistics();
        assertThat(at.getMax() - at.getMin()).as("60 calls at 20 per second span 2.95 s (unshared: 1 s)")
                .isGreaterThanOrEqualTo(2500);
    }

    @Test
    public void aTooManyRequestsSeenByOneInstancePausesTheChatForTheOthers() throws InterruptedException {
        server.answerTooManyRequests(42, 1, 2);
        CompletableFuture<Void> first = send(0, List.of(42L), false);
        LocalBotApiServer.Request refused = server.awaitRequests("sendMessage", 1, Duration.ofSeconds(10)).get(0);
        awaitHolds(1);
        send(1, List.of(42L), false).join();
        first.join();

        List<LocalBotApiServer.Request> sent = server.requests("sendMessage");
        assertThat(sent).hasSize(3);
        assertThat(sent.subList(1, 3)).allSatisfy(r -> {
            assertThat(r.result()).isNotNull();
            assertThat(r.atMillis() - refused.atMillis()).isGreaterThanOrEqualTo(1950);
        });
    }

    @Test
    public void aTooManyRequestsInAGroupPausesItsPerMinuteBucketForTheOthers() throws InterruptedException {
        server.answerTooManyRequests(-42, 1, 1);
        CompletableFuture<Void> first = send(0, List.of(-42L), false);
        LocalBotApiServer.Request refused = server.awaitRequests("sendMessage", 1, Duration.ofSeconds(10)).get(0);
        awaitHolds(2); // the chat's bucket and the group's
        send(1, List.of(-42L, -42L), false).join();
        first.join();

        List<LocalBotApiServer.Request> sent = server.requests("sendMessage");
        assertThat(sent).hasSize(4);
        assertThat(sent.subList(1, 4)).allSatisfy(r -> assertThat(r.result()).isNotNull());
        List<Long> delivered = sent.subList(1, 4).stream().map(LocalBotApiServer.Request::atMillis).sorted().toList();
        assertThat(delivered.get(0) - refused.atMillis()).isGreaterThanOrEqualTo(950);
        // the group resumes at 20 per minute (3 s apart); with its burst of 3 it would go at the chat's 1 per second
        assertThat(delivered.get(1) - delivered.get(0)).isGreaterThanOrEqualTo(2000);
        assertThat(delivered.get(2) - delivered.get(1)).isGreaterThanOrEqualTo(2000);
    }
}
