package dev.tgfsm.annotation;

/**
 * The typed data of the test booking feature.
 *
 * @param hotel the hotel
 * @param nights the nights
 */
record Booking(String hotel, Integer nights) {
}
