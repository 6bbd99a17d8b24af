package dev.tgfsm.annotation;

import dev.tgfsm.state.FsmState;
import dev.tgfsm.state.StateGroup;

/**
 * States of the test registration flow.
 */
@StateGroup("Reg")
enum Reg implements FsmState {
    NAME, EMAIL, DONE
}
