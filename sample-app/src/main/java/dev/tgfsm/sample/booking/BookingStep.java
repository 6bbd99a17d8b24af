package dev.tgfsm.sample.booking;

import dev.tgfsm.state.FsmState;
import dev.tgfsm.transition.TransitionTable;

/**
 * The steps of a booking, with their allowed transitions: {@link #TABLE}, enforced at run time, so
 * paying before a night is booked is refused.
 */
public enum BookingStep implements FsmState {

    /** Hotels are offered. */
    CHOOSING,

    /** At least one night is booked. */
    BOOKED,

    /** The booking is paid. */
    PAID;

    /** The allowed transitions: choose, book, pay (only once booked), and choose again. */
    public static final TransitionTable TABLE = TransitionTable.builder()
            .states(values())
            .initial(CHOOSING, BOOKED)
            .allow(CHOOSING, BOOKED)
            .allow(BOOKED, CHOOSING)
            .on(BOOKED, "pay", PAID)
            .allow(PAID, CHOOSING)
            .build();
}
