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
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
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
 * Two instances on one store, as behind a balancer: an update an instance answered {@code 503} is
 * Telegram's to post again, so that instance never applies it afterwards, even when the store comes
 * back after the update was handled elsewhere and more updates than the record remembers followed;
 * and when Telegram posts it to the same instance again it is handled there.
 */
class WebhookWithdrawalTests {

    private static final long BOT = 78;

    private static final String SECRET = "s3cret-Token_2";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final long USER = 21;

    private final InMemoryFsmStorage memory = new InMemoryFsmStorage(StorageConfig.ofDefaults());

    private final List<UpdateDispatcher> dispatchers = new ArrayList<>();

    @AfterEach
    void close() {
        dispatchers.forEach(UpdateDispatcher::close);
    }

    /** One instance on the shared store; its own way to the store fails while {@code down} is set. */
    private WebhookIntake instance(AtomicBoolean down) {
        FsmStorage store = (FsmStorage) Proxy.newProxyInstance(FsmStorage.class.getClassLoader(),
                new Class<?>[]{CounterStorage.class, ThrottleStorage.class, DeadlineIndex.class, PrivacyStorage.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("capability")) {
                        return InvocationHandler.invokeDefault(proxy, method, args); // this proxy, as each capability
                    }
                    if (down.get() && FsmStorage.class.isAssignableFrom(method.getDeclaringClass())) {
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
        UpdateDispatcher dispatcher = new UpdateDispatcher(BOT, KeyStrategy.USER_IN_CHAT, contexts, u -> {
            Map<String, Object> data = u.context().getData();
            u.context().updateData("n", ((Number) data.getOrDefault("n", 0)).intValue() + 1);
        }, DispatcherConfig.ofDefaults(), null);
        dispatchers.add(dispatcher);
        return new WebhookIntake(dispatcher, SECRET, 4096, Duration.ofMillis(300));
    }

    private static int post(WebhookIntake intake, int updateId) throws Exception {
        String update = JSON.writeValueAsString(TestUpdates.messageJson(updateId, USER, "u" + updateId));
        return intake.handle(SECRET, new ByteArrayInputStream(update.getBytes(StandardCharsets.UTF_8))).status();
    }

    private int applied() {
        Map<String, Object> data = memory.getData(StorageKey.of(BOT, USER, USER));
        return data == null ? 0 : ((Number) data.getOrDefault("n", 0)).intValue();
    }

    private static void awaitIdle(UpdateDispatcher dispatcher) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (dispatcher.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(dispatcher.inFlight()).as("the dispatcher finished its runs").isZero();
    }

    @Test
    void anUpdateAnswered503DuringAnOutageIsNotAppliedLaterByThatInstance() throws Exception {
        AtomicBoolean downOnA = new AtomicBoolean(true);
        WebhookIntake a = instance(downOnA);
        WebhookIntake b = instance(new AtomicBoolean(false));

        assertThat(post(a, 100)).as("the store is down for A").isEqualTo(503);
        assertThat(dispatchers.get(0).isStorageUnavailable()).isTrue();
        assertThat(post(b, 100)).as("Telegram's new post reaches B").isEqualTo(200);
        int further = DispatcherConfig.ofDefaults().persistedUpdates() + 4;
        for (int i = 1; i <= further; i++) {
            assertThat(post(b, 100 + i)).isEqualTo(200);
        }
        assertThat(applied()).isEqualTo(1 + further);

        downOnA.set(false);
        awaitIdle(dispatchers.get(0));

        assertThat(applied()).as("A did not apply update 100 a second time").isEqualTo(1 + further);
    }

    @Test
    void anUpdateAnswered503IsHandledWhenPostedToTheSameInstanceAfterItsRunGaveUp() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        WebhookIntake a = instance(down);

        assertThat(post(a, 200)).isEqualTo(503);
        down.set(false);
        awaitIdle(dispatchers.get(0));
        assertThat(applied()).as("the withdrawn run gave up").isZero();

        assertThat(post(a, 200)).as("not skipped as a duplicate").isEqualTo(200);
        assertThat(applied()).isEqualTo(1);
        assertThat(post(a, 200)).as("now a duplicate").isEqualTo(200);
        assertThat(applied()).isEqualTo(1);
    }
}
