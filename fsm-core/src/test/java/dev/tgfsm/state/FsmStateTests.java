package dev.tgfsm.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FsmStateTests {

    @StateGroup("Registration")
    enum Registration implements FsmState {
        NAME, EMAIL
    }

    enum Checkout implements FsmState {
        CART,
        PAY {
            @Override
            public String toString() {
                return "paying";
            }
        }
    }

    @StateGroup(" ")
    enum BlankGroup implements FsmState {
        ONE
    }

    /** A non-enum state that forgot to override id(). */
    static final class Forgetful implements FsmState {
    }

    @Test
    void enumIdUsesStateGroup() {
        assertThat(Registration.NAME.id()).isEqualTo("Registration:NAME");
        assertThat(Registration.EMAIL.id()).isEqualTo("Registration:EMAIL");
    }

    @Test
    void enumIdWithoutStateGroupUsesSimpleName() {
        assertThat(Checkout.CART.id()).isEqualTo("Checkout:CART");
    }

    @Test
    void constantWithBodyKeepsTheEnumsGroup() {
        assertThat(Checkout.PAY.id()).isEqualTo("Checkout:PAY");
    }

    @Test
    void blankStateGroupFallsBackToSimpleName() {
        assertThat(BlankGroup.ONE.id()).isEqualTo("BlankGroup:ONE");
        assertThat(FsmState.groupOf(Registration.class)).isEqualTo("Registration");
    }

    @Test
    void plainStringStatesKeepTheirId() {
        FsmState state = FsmState.of("waiting_for_name");

        assertThat(state.id()).isEqualTo("waiting_for_name");
        assertThat(state).hasToString("waiting_for_name").isEqualTo(FsmState.of("waiting_for_name"));
    }

    @Test
    void plainStringStateMustNotBeBlank() {
        assertThatThrownBy(() -> FsmState.of(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> FsmState.of(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("id");
    }

    @Test
    void idOfNullIsNull() {
        assertThat(FsmState.idOf(null)).isNull();
        assertThat(FsmState.idOf(Registration.NAME)).isEqualTo("Registration:NAME");
    }

    @Test
    void nonEnumStateMustOverrideId() {
        assertThatThrownBy(() -> new Forgetful().id()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must override id()");
    }
}
