/**
 * The booking feature: its data lives in its own namespace and survives other features' clean-up.
 */
package dev.tgfsm.sample.booking;
