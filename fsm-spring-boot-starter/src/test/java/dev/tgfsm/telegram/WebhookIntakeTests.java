package dev.tgfsm.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.storage.CounterStorage;
import dev.tgfsm.storage.DeadlineIndex;
import dev.tgfsm.storage.FsmStorage;
import dev.tgfsm.storage.PrivacyStorage;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.StorageUnavailableException;
import dev.tgfsm.storage.ThrottleStorage;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;

/**
 * The webhook's answers, on a real dispatcher and store: refused requests handle nothing, 200 comes
 * only after the commit, a store outage answers 503 so Telegram posts again, and an update posted
 * again while it runs is handled once.
 */
class WebhookIntakeTests {

    private static final long BOT = 77;

    private static final String SECRET = "s3cret-Token_1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryFsmStorage memory = new InMemoryFsmStorage(StorageConfig.ofDefaults());

    private volatile boolean storeDown;

    private final AtomicInteger handled = new AtomicInteger();

    private UpdateDispatcher dispatcher;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    private WebhookIntake intake(UpdateHandler handler, Duration answerTimeout) {
        FsmStorage store = (FsmStorage) Proxy.newProxyInstance(FsmStorage.class.getClassLoader(),
                new Class<?>[]{CounterStorage.class, ThrottleStorage.class, DeadlineIndex.class, PrivacyStorage.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("capability")) {
                        return InvocationHandler.invokeDefault(proxy, method, args); // this proxy, as each capability
                    }
                    if (storeDown && FsmStorage.class.isAssignableFrom(method.getDeclaringClass())) {
                        throw new StorageUnavailableException("store down", null);
                    }
                    try {
                        return method.invoke(memory, args);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        FsmContexts contexts = FsmTransactions.contexts(store, new JacksonFsmCodec(), ContextConfig.ofDefaults(), null);
        dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, u -> {
            handled.incrementAndGet();
            handler.handle(u);
        }, DispatcherConfig.ofDefaults(), null);
        return new WebhookIntake(dispatcher, SECRET, 4096, answerTimeout);
    }

    private static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(int updateId, long user, String text) throws Exception {
        return JSON.writeValueAsString(TestUpdates.messageJson(updateId, user, text));
    }

    /** Posts as Telegram does: again after every 503, here at once, for at most 10 s. */
    private static int postUntilAccepted(WebhookIntake intake, String update) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status;
        do {
            status = intake.handle(SECRET, body(update)).status();
        }
        while (status == 503 && System.nanoTime() < deadline);
        return status;
    }

    private String state(long user) {
        return memory.getState(StorageKey.of(BOT, user, user));
    }

    @Test
    void aMissingOrWrongSecretIsRefusedAndNothingIsHandled() throws Exception {
        WebhookIntake intake = intake(u -> u.context().setState("seen"), Duration.ofSeconds(5));
        assertThat(intake.handle(null, body(message(1, 10, "hi"))).status()).isEqualTo(401);
        assertThat(intake.handle("wrong", body(message(1, 10, "hi"))).status()).isEqualTo(401);
        assertThat(intake.handle(SECRET + "x", body(message(1, 10, "hi"))).status()).isEqualTo(401);
        assertThat(handled).hasValue(0);
        assertThat(state(10)).isNull();
    }

    @Test
    void badBodiesAre400AndGoodOnesAround200() throws Exception {
        WebhookIntake intake = intake(u -> u.context().setState("seen"), Duration.ofSeconds(5));
        assertThat(intake.handle(SECRET, body("{not json")).status()).isEqualTo(400);
        assertThat(intake.handle(SECRET, body("[1,2]")).status()).isEqualTo(400);
        assertThat(intake.handle(SECRET, body("{\"message\":{}}")).status()).as("no update_id").isEqualTo(400);
        assertThat(intake.handle(SECRET, body("{\"update_id\":5,\"x\":\"" + "y".repeat(5000) + "\"}")).status())
                .as("over the size limit").isEqualTo(400);
        assertThat(handled).hasValue(0);

        assertThat(intake.handle(SECRET, body(message(6, 11, "hi"))).status()).isEqualTo(200);
        assertThat(state(11)).isEqualTo("seen");
    }

    @Test
    void anUpdateWhoseFieldsDoNotParseIsSkippedWith200AndCounted() throws Exception {
        WebhookIntake intake = intake(u -> u.context().setState("seen"), Duration.ofSeconds(5));
        List<Integer> malformed = new ArrayList<>();
        intake.setListeners(List.of((id, reason) -> malformed.add(id)));
        String bad = "{\"update_id\":7,\"message\":{\"message_id\":\"not a number\",\"date\":1,"
                + "\"chat\":{\"id\":12,\"type\":\"private\"}}}";

        WebhookIntake.Answer answer = intake.handle(SECRET, body(bad));

        assertThat(answer.status()).as("skipped, so Telegram does not post it forever").isEqualTo(200);
        assertThat(malformed).containsExactly(7);
        assertThat(handled).hasValue(0);
    }

    @Test
    void theAnswerComesOnlyAfterTheCommitAndAnUpdatePostedAgainMeanwhileIsHandledOnce() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WebhookIntake intake = intake(u -> {
            u.context().setState("done");
            running.countDown();
            release.await(10, TimeUnit.SECONDS);
        }, Duration.ofSeconds(10));
        String update = message(20, 13, "slow");

        CompletableFuture<WebhookIntake.Answer> first = CompletableFuture
                .supplyAsync(() -> intake.handle(SECRET, body(update)));
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<WebhookIntake.Answer> again = CompletableFuture
                .supplyAsync(() -> intake.handle(SECRET, body(update)));
        assertThat(first).as("no answer while the handler runs").isNotDone();
        assertThat(state(13)).as("nothing committed yet").isNull();

        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(again.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(state(13)).isEqualTo("done");
        assertThat(handled).as("handled once").hasValue(1);
    }

    @Test
    void aSlowUpdateIsAnswered503AndItsRepostIsAppliedOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        WebhookIntake intake = intake(u -> {
            u.context().setState("done");
            release.await(10, TimeUnit.SECONDS);
        }, Duration.ofMillis(200));
        String update = message(30, 14, "slow");

        WebhookIntake.Answer timedOut = intake.handle(SECRET, body(update));
        assertThat(timedOut.status()).isEqualTo(503);
        assertThat(timedOut.retryAfter()).isNotNull();

        release.countDown();
        WebhookIntake.Answer repost = intake.handle(SECRET, body(update));
        assertThat(repost.status()).isEqualTo(200);
        // the 503 withdrew the update: if its run reached the commit check before the re-post took it
        // back, it stopped uncommitted and the re-post runs the handler again; either way one commit
        assertThat(handled.get()).as("handler runs").isBetween(1, 2);
        assertThat(state(14)).isEqualTo("done");
    }

    @Test
    void whileTheStoreIsDownRequestsAre503AndEveryUpdateIsHandledOnceAfterwards() throws Exception {
        WebhookIntake intake = intake(u -> u.context().updateData("n",
                ((Number) u.context().getData().getOrDefault("n", 0)).intValue() + 1), Duration.ofMillis(300));
        storeDown = true;
        String first = message(40, 15, "one");
        String second = message(41, 15, "two");

        assertThat(intake.handle(SECRET, body(first)).status()).as("waited, then 503").isEqualTo(503);
        assertThat(dispatcher.isStorageUnavailable()).isTrue();
        WebhookIntake.Answer refused = intake.handle(SECRET, body(second));
        assertThat(refused.status()).as("refused at once, nothing handled").isEqualTo(503);
        assertThat(refused.body()).isEqualTo("Storage unavailable");

        storeDown = false;
        assertThat(postUntilAccepted(intake, first)).isEqualTo(200);
        assertThat(postUntilAccepted(intake, second)).isEqualTo(200);
        assertThat(intake.handle(SECRET, body(second)).status()).as("a duplicate").isEqualTo(200);
        assertThat(memory.getData(StorageKey.of(BOT, 15, 15))).isEqualTo(Map.of("n", 2));
    }
}
