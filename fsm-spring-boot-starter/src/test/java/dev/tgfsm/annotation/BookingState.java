package dev.tgfsm.annotation;

import dev.tgfsm.context.FsmContext;
import dev.tgfsm.feature.TypedFeatureState;

/**
 * A typed feature manager bean for tests.
 */
@FeatureState("booking")
public class BookingState extends TypedFeatureState<Booking> {

    public BookingState(FsmContext context) {
        super(context, "booking", Booking.class);
    }
}
