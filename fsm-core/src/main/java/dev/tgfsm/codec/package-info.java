/**
 * The JSON codec that turns record data into text and back, and converts stored values to typed
 * Java objects.
 */
@NullMarked
package dev.tgfsm.codec;

import org.jspecify.annotations.NullMarked;
