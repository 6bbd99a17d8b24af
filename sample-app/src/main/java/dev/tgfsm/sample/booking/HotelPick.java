package dev.tgfsm.sample.booking;

import dev.tgfsm.callback.CallbackCodec;
import dev.tgfsm.callback.CallbackPrefix;

/**
 * The callback data of a hotel button: packed as {@code book:<hotel>} by
 * {@link CallbackCodec#button} and handed back to
 * {@link BookingController#book}.
 *
 * @param hotel the hotel's name
 */
@CallbackPrefix("book")
public record HotelPick(String hotel) {
}
