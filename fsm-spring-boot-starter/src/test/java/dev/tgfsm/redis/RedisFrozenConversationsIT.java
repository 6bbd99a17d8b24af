package dev.tgfsm.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.DataScope;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.conversation.Conversation;
import dev.tgfsm.conversation.Conversations;
import dev.tgfsm.dispatch.DispatchListener;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.isolation.LeaseKeeper;
import dev.tgfsm.key.KeyRenderer;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

/**
 * A private redis-server frozen with {@code SIGSTOP} (a stalled host: connections stay open, commands
 * wait in the sockets) while a job drives conversations from outside ({@link Conversations}) and
 * updates of a group's members change their conversations, their user scopes and the chat's scope.
 * Then {@code SIGCONT}. Expected, and counted exactly:
 * <ul>
 * <li>no call hangs, not even one queued behind an update that waits for the storage: each fails
 * with {@link StorageUnavailableException} and is not applied, not even when the server runs the
 * queued commands after the thaw; a call whose commit the freeze caught waits for the thaw and
 * succeeds if that commit ran; each one that completed is applied exactly once;</li>
 * <li>every update is applied exactly once to its conversation (the dispatcher waits the outage out),
 * and its scope changes exactly once to the user's and the chat's scope: recorded with the
 * conversation's commit, applied once even when the freeze caught the scope write (the scope
 * remembers the operations it applied) and finished by the conversation's next unit of work when it
 * was not applied. The job's calls change the user's and the chat's scope too: each scope counts
 * exactly the calls applied to the conversations, whatever their outcome told the caller (README,
 * "Data of a user, a chat, the bot").</li>
 * </ul>
 * A second test freezes the server from inside handlers, right before their commit, so that the
 * commit certainly times out and is applied at the thaw: every scope count is then exact.
 */
class RedisFrozenConversationsIT {

    private static final Logger log = LoggerFactory.getLogger(RedisFrozenConversationsIT.class);

    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);

    private static final long BOT = 9_100_001;

    private static final long GROUP = -100_777;

    private static final int USERS = 8;

    private static final long FIRST_USER = 71_000;

    /** How many updates of a round freeze the server right before their commit. */
    private static final int FREEZERS = 3;

    private final Updates updates = new Updates(MutableClock.now());

    private RedisProcess redis;

    private ClientResources resources;

    private LettuceConnectionFactory factory;

    private RedisFsmStorage storage;

    private UpdateDispatcher dispatcher;

    /** Updates found committed when run again: an earlier attempt's commit timed out and was applied later. */
    private final AtomicInteger committedLate = new AtomicInteger();

    /** The round of updates that freeze the server from their handler, right before their commit. */
    private volatile FreezingRound freezing;

    /** The updates that froze the server (once each: a handler run again does not freeze it again). */
    private final Set<Integer> froze = ConcurrentHashMap.newKeySet();

    /** Updates that froze the server and then found it unavailable: their commit timed out. */
    private final AtomicInteger freezersTimedOut = new AtomicInteger();

    @BeforeEach
    void start() {
        redis = RedisProcess.start();
        resources = LettuceResilience.clientResources();
        factory = LettuceResilience.standalone("127.0.0.1", redis.port(), resources, COMMAND_TIMEOUT);
        storage = new RedisFsmStorage(factory, new KeyRenderer("frozen:"), StorageConfig.ofDefaults(), COMMAND_TIMEOUT);
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(),
                ContextConfig.ofDefaults().withLock(Duration.ofSeconds(3), Duration.ofSeconds(6))
                        .withPreload(List.of(DataScope.USER.destiny())),
                new LeaseKeeper());
        UpdateHandler counting = u -> {
            int seen = (Integer) u.context().getData().getOrDefault("updates", 0);
            u.context().updateData(Map.of("updates", seen + 1));
            u.scope(DataScope.USER).increment("updates", 1);
            u.scope(DataScope.CHAT).increment("updates", 1);
            if (u.update().getMessage().getText().startsWith("freeze") && froze.add(u.update().getUpdateId())) {
                // once the round's other updates are done and every freezer got here: the commit that
                // follows goes to a frozen server, times out, and runs at the thaw
                freezing.others.get(30, TimeUnit.SECONDS);
                freezing.freezers.countDown();
                assertThat(freezing.freezers.await(30, TimeUnit.SECONDS)).isTrue();
                redis.freeze();
            }
        };
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, counting,
                DispatcherConfig.ofDefaults().withThreads(4), new DispatchListener() {
                    @Override
                    public void duplicate(org.telegram.telegrambots.meta.api.objects.Update update) {
                        committedLate.incrementAndGet();
                    }

                    @Override
                    public void storageUnavailable(org.telegram.telegrambots.meta.api.objects.Update update,
                            StorageKey key) {
                        if (update.getMessage().getText().startsWith("freeze")) {
                            freezersTimedOut.incrementAndGet();
                        }
                    }
                });
    }

    @AfterEach
    void stop() {
        try {
            dispatcher.close();
            factory.destroy();
            resources.shutdown();
        }
        finally {
            redis.close();
        }
    }

    @Test
    void aFreezeFailsOutsideCallsClearlyAndAppliesEveryChangeOnceOrAsDocumented() throws Exception {
        Conversations conversations = new Conversations(dispatcher, null, null);
        Map<Long, AtomicInteger> jobsDone = new ConcurrentHashMap<>();
        Map<Long, AtomicInteger> updatesSent = new ConcurrentHashMap<>();
        Map<Long, AtomicInteger> jobsUnknown = new ConcurrentHashMap<>();
        AtomicInteger jobFailures = new AtomicInteger();
        List<Throwable> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicBoolean frozen = new AtomicBoolean();
        AtomicInteger failedWhileFrozen = new AtomicInteger();
        AtomicInteger round = new AtomicInteger();
        AtomicBoolean stopping = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong longestFailure = new java.util.concurrent.atomic.AtomicLong();
        List<CompletableFuture<Void>> handled = new ArrayList<>();
        for (long user = FIRST_USER; user < FIRST_USER + USERS; user++) {
            jobsDone.put(user, new AtomicInteger());
            updatesSent.put(user, new AtomicInteger());
            jobsUnknown.put(user, new AtomicInteger());
        }

        // the job: one call after the other, over all users, as a scheduler would
        Thread job = new Thread(() -> {
            while (!stopping.get()) {
                long user = FIRST_USER + round.getAndIncrement() % USERS;
                Conversation conversation = conversations.of(GROUP, user);
                long called = System.nanoTime();
                try {
                    conversation.run(c -> {
                        int jobs = (Integer) c.context().getData().getOrDefault("jobs", 0);
                        c.context().updateData(Map.of("jobs", jobs + 1));
                        c.scope(DataScope.USER).increment("jobs", 1);
                        c.scope(DataScope.CHAT).increment("jobs", 1);
                        return null;
                    }).get(20, TimeUnit.SECONDS);
                    jobsDone.get(user).incrementAndGet();
                }
                catch (ExecutionException ex) {
                    jobFailures.incrementAndGet();
                    longestFailure.accumulateAndGet(System.nanoTime() - called, Math::max);
                    if (ex.getCause() instanceof StorageUnavailableException failure) {
                        if (failure.getMessage().contains("may or may not have been applied")) {
                            jobsUnknown.get(user).incrementAndGet();
                        }
                        if (frozen.get()) {
                            failedWhileFrozen.incrementAndGet();
                        }
                    }
                    else {
                        unexpected.add(ex.getCause());
                    }
                }
                catch (Exception ex) {
                    unexpected.add(ex);
                    return;
                }
            }
        }, "frozen-redis-job");
        job.start();

        // updates of the group's members, a few at a time, before, during and after the freeze
        long frozenAt = 0;
        Duration frozenFor = Duration.ZERO;
        for (int wave = 0; wave < 30; wave++) {
            for (long user = FIRST_USER; user < FIRST_USER + USERS; user++) {
                updatesSent.get(user).incrementAndGet();
                handled.add(dispatcher.submit(updates.text(GROUP, user, "wave " + wave)));
            }
            if (wave == 10) {
                awaitTrue(() -> round.get() > 2 * USERS, Duration.ofSeconds(30));
                redis.freeze();
                frozen.set(true);
                frozenAt = System.nanoTime();
            }
            if (wave == 11) {
                // keep it frozen until the job saw calls fail, then let it go on
                awaitTrue(() -> failedWhileFrozen.get() >= 3 || !unexpected.isEmpty(), Duration.ofSeconds(30));
                assertThat(unexpected).as("only StorageUnavailableException, no hanging call").isEmpty();
                frozen.set(false);
                redis.thaw();
                frozenFor = Duration.ofNanos(System.nanoTime() - frozenAt);
            }
        }
        for (CompletableFuture<Void> update : handled) {
            update.get(60, TimeUnit.SECONDS);
        }
        int roundsAfter = round.get();
        awaitTrue(() -> round.get() > roundsAfter + 2 * USERS, Duration.ofSeconds(30));
        stopping.set(true);
        job.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(job.isAlive()).as("the job's calls all returned").isFalse();

        assertThat(unexpected).as("only StorageUnavailableException").isEmpty();
        long allUpdates = 0;
        long allJobs = 0;
        int unknownOutcomes = 0;
        for (long user = FIRST_USER; user < FIRST_USER + USERS; user++) {
            FsmRecord record = storage.load(StorageKey.of(BOT, GROUP, user));
            int jobs = ((Number) record.data().get("jobs")).intValue();
            assertThat(jobs)
                    .as("job calls applied to %s: those that completed, and at most those whose outcome was unknown",
                            user)
                    .isBetween(jobsDone.get(user).get(), jobsDone.get(user).get() + jobsUnknown.get(user).get());
            allJobs += jobs;
            unknownOutcomes += jobsUnknown.get(user).get();
            assertThat(record.data().get("updates")).as("updates applied to %s", user)
                    .isEqualTo(updatesSent.get(user).get());
            allUpdates += updatesSent.get(user).get();
            FsmRecord userScope = storage.load(DataScope.USER.keyOf(StorageKey.of(BOT, GROUP, user)));
            assertThat(((Number) userScope.data().get("updates")).longValue()).as("user scope updates of %s", user)
                    .isEqualTo(updatesSent.get(user).get());
            assertThat(((Number) userScope.data().get("jobs")).longValue()).as("user scope jobs of %s", user)
                    .isEqualTo(jobs);
            assertThat(record.meta()).as("no scope operation left in %s", user).doesNotContainKey("tgfsm.scopeOps");
        }
        FsmRecord chat = storage.load(DataScope.CHAT.keyOf(StorageKey.of(BOT, GROUP, FIRST_USER)));
        log.info("Redis frozen {} ms: {} job calls completed, {} failed ({} while frozen, {} of unknown outcome, the"
                + " longest after {} ms), {} applied; {} updates ({} committed late, found so when run again);"
                + " chat scope {}", frozenFor.toMillis(),
                jobsDone.values().stream().mapToInt(AtomicInteger::get).sum(), jobFailures.get(),
                failedWhileFrozen.get(), unknownOutcomes, TimeUnit.NANOSECONDS.toMillis(longestFailure.get()), allJobs,
                allUpdates, committedLate.get(), chat.data());
        assertThat(jobFailures.get()).isGreaterThanOrEqualTo(3);
        assertThat(((Number) chat.data().get("updates")).longValue()).as("chat scope updates").isEqualTo(allUpdates);
        assertThat(((Number) chat.data().get("jobs")).longValue()).as("chat scope jobs").isEqualTo(allJobs);
    }

    @Test
    void commitsThatTimeOutAndRunAtTheThawWriteTheirScopeChangesExactlyOnce() throws Exception {
        int rounds = 4;
        Map<Long, AtomicInteger> updatesSent = new ConcurrentHashMap<>();
        for (long user = FIRST_USER; user < FIRST_USER + USERS; user++) {
            updatesSent.put(user, new AtomicInteger());
        }
        long allUpdates = 0;
        int timedOut = 0;
        for (int r = 0; r < rounds; r++) {
            // every member sends one update; FREEZERS of them, once the others are done, freeze the server
            // right before their commit, so that only their commits meet the freeze
            List<CompletableFuture<Void>> others = new ArrayList<>();
            List<CompletableFuture<Void>> freezers = new ArrayList<>();
            CompletableFuture<Void> othersDone = new CompletableFuture<>();
            freezing = new FreezingRound(othersDone, new CountDownLatch(FREEZERS));
            for (long user = FIRST_USER; user < FIRST_USER + USERS; user++) {
                boolean freezer = (user - FIRST_USER - r + USERS) % USERS < FREEZERS;
                updatesSent.get(user).incrementAndGet();
                allUpdates++;
                (freezer ? freezers : others).add(dispatcher.submit(
                        updates.text(GROUP, user, (freezer ? "freeze " : "round ") + r)));
            }
            CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            othersDone.complete(null);
            // their commits timed out (the dispatcher tells so before it retries); the server runs them at the thaw
            int expected = timedOut + FREEZERS;
            awaitTrue(() -> freezersTimedOut.get() >= expected, Duration.ofSeconds(30));
            timedOut = expected;
            redis.thaw();
            CompletableFuture.allOf(freezers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }

        log.info("{} updates in {} rounds, each with a freeze during {} commits: {} committed late, found so when run"
                + " again", allUpdates, rounds, FREEZERS, committedLate.get());
        assertThat(committedLate.get()).as("the freezers' commits, applied at the thaw, found so when run again")
                .isEqualTo(rounds * FREEZERS);
        for (long user = FIRST_USER; user < FIRST_USER + USERS; user++) {
            FsmRecord record = storage.load(StorageKey.of(BOT, GROUP, user));
            assertThat(record.data().get("updates")).as("updates applied to %s", user)
                    .isEqualTo(updatesSent.get(user).get());
            assertThat(((Number) storage.load(DataScope.USER.keyOf(StorageKey.of(BOT, GROUP, user))).data()
                    .get("updates")).longValue()).as("user scope count of %s", user)
                    .isEqualTo(updatesSent.get(user).get());
        }
        assertThat(((Number) storage.load(DataScope.CHAT.keyOf(StorageKey.of(BOT, GROUP, FIRST_USER))).data()
                .get("updates")).longValue()).as("chat scope count").isEqualTo(allUpdates);
    }

    /** The updates of one round that freeze the server: they wait for the others, then for each other. */
    private record FreezingRound(CompletableFuture<Void> others, CountDownLatch freezers) {
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout) {
        RedisFaultsIT.awaitTrue(condition, timeout);
    }
}
