package dev.tgfsm.sample.booking;

import java.util.Map;

import dev.tgfsm.annotation.FeatureState;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.feature.FeatureStateManager;

/**
 * The booking feature's data, under {@code draft:booking}.
 */
@FeatureState("booking")
public class BookingState extends FeatureStateManager {

    /**
     * Creates the manager for the current update.
     *
     * @param context the conversation
     */
    public BookingState(FsmContext context) {
        super(context, "booking");
    }

    /**
     * Books a night at a hotel (another night if already booked there).
     *
     * @param hotel the hotel
     * @return the nights booked there now
     */
    public int bookNight(String hotel) {
        int nights = hotel.equals(getValue("hotel")) ? getValue("nights", Integer.class) + 1 : 1;
        update(Map.of("hotel", hotel, "nights", nights));
        return nights;
    }
}
