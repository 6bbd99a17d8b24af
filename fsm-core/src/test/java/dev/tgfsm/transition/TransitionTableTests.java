package dev.tgfsm.transition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tgfsm.FsmConfigurationException;
import dev.tgfsm.codec.JacksonFsmCodec;
import dev.tgfsm.context.ContextConfig;
import dev.tgfsm.context.FsmContexts;
import dev.tgfsm.context.FsmTransactions;
import dev.tgfsm.dispatch.DispatcherConfig;
import dev.tgfsm.dispatch.UpdateDispatcher;
import dev.tgfsm.dispatch.UpdateHandler;
import dev.tgfsm.key.KeyStrategy;
import dev.tgfsm.key.StorageKey;
import dev.tgfsm.state.FsmState;
import dev.tgfsm.storage.FsmRecord;
import dev.tgfsm.storage.StorageConfig;
import dev.tgfsm.storage.memory.InMemoryFsmStorage;
import dev.tgfsm.testing.MutableClock;
import dev.tgfsm.testing.Updates;

class TransitionTableTests {

    enum Order implements FsmState { CART, ADDRESS, PAYMENT, DONE }

    private static final TransitionTable TABLE = TransitionTable.builder()
            .states(Order.values())
            .initial(Order.CART)
            .allow(Order.CART, Order.ADDRESS)
            .on(Order.ADDRESS, "pay", Order.PAYMENT)
            .on(Order.ADDRESS, "back", Order.CART)
            .on(Order.PAYMENT, "paid", Order.DONE)
            .build();

    private final MutableClock clock = MutableClock.now();

    private final InMemoryFsmStorage storage = new InMemoryFsmStorage(StorageConfig.ofDefaults().withClock(clock));

    private final Updates updates = new Updates(clock);

    private UpdateDispatcher dispatcher;

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @Test
    void declaredMovesAreAllowedAndOthersAreNot() {
        assertThat(TABLE.canTransition(Order.CART, Order.ADDRESS)).isTrue();
        assertThat(TABLE.canTransition(Order.ADDRESS, Order.PAYMENT)).isTrue();
        assertThat(TABLE.canTransition(Order.CART, Order.DONE)).isFalse();
        assertThat(TABLE.canTransition(null, Order.CART)).isTrue();
        assertThat(TABLE.canTransition(null, Order.PAYMENT)).isFalse();
        assertThat(TABLE.canTransition("other:STATE", Order.ADDRESS.id())).isFalse();
    }

    @Test
    void leavingTheTableIsAlwaysAllowed() {
        assertThat(TABLE.canTransition(Order.PAYMENT, null)).isTrue();
        assertThat(TABLE.canTransition(Order.PAYMENT.id(), "register:name")).isTrue();
        assertThat(TABLE.canTransition(Order.DONE, Order.DONE)).isTrue();
    }

    @Test
    void eventsNameTheNextState() {
        assertThat(TABLE.nextState(Order.ADDRESS, "pay")).isEqualTo(Order.PAYMENT.id());
        assertThat(TABLE.nextState(Order.ADDRESS, "back")).isEqualTo(Order.CART.id());
        assertThat(TABLE.nextState(Order.CART, "pay")).isNull();
    }

    @Test
    void unknownStatesAreRefusedAtStartUp() {
        assertThatExceptionOfType(FsmConfigurationException.class)
                .isThrownBy(() -> TransitionTable.builder().states(Order.values())
                        .allow(Order.CART.id(), "Order:SHIPPED").build())
                .withMessageContaining("Order:SHIPPED");
    }

    @Test
    void theTableIsDrawnAsMermaid() {
        assertThat(TABLE.toMermaid()).startsWith("stateDiagram-v2\n")
                .contains("[*] --> Order_CART", "Order_CART --> Order_ADDRESS\n",
                        "Order_ADDRESS --> Order_PAYMENT : pay");
    }

    @Test
    void aForbiddenTransitionIsRefusedAndNothingIsCommitted() throws Exception {
        start(TransitionPolicy.REJECT, u -> {
            u.context().updateData("note", u.update().getMessage().getText());
            u.context().setState(u.update().getMessage().getText().equals("cart") ? Order.CART : Order.DONE);
        });
        dispatcher.submit(updates.text(5, "cart")).get(10, TimeUnit.SECONDS);

        assertThatExceptionOfType(ExecutionException.class)
                .isThrownBy(() -> dispatcher.submit(updates.text(5, "done")).get(10, TimeUnit.SECONDS))
                .withCauseInstanceOf(ForbiddenTransitionException.class)
                .withMessageContaining("'Order:CART' -> 'Order:DONE' is not allowed")
                .withMessageContaining("[Order:ADDRESS]");
        FsmRecord stored = storage.load(StorageKey.of(1, 5, 5));
        assertThat(stored.state()).isEqualTo(Order.CART.id());
        assertThat(stored.data()).isEqualTo(Map.of("note", "cart"));
    }

    @Test
    void theLogPolicyLetsTheTransitionThrough() throws Exception {
        start(TransitionPolicy.LOG, u -> u.context().setState(Order.DONE));
        dispatcher.submit(updates.text(6, "done")).get(10, TimeUnit.SECONDS);
        assertThat(storage.load(StorageKey.of(1, 6, 6)).state()).isEqualTo(Order.DONE.id());
    }

    private void start(TransitionPolicy policy, UpdateHandler handler) {
        FsmContexts contexts = FsmTransactions.contexts(storage, new JacksonFsmCodec(), ContextConfig.ofDefaults(),
                null);
        dispatcher = new UpdateDispatcher(1, KeyStrategy.USER_IN_CHAT, contexts,
                new TransitionGuard(TABLE, policy).guarding(handler), DispatcherConfig.ofDefaults().withThreads(1),
                null);
    }
}
