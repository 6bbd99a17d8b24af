/**
 * The JSON codec that turns record data into text and back, and converts stored values to typed
 * Java objects.
 */
package dev.tgfsm.codec;
