/**
 * Typed callback data: Java records packed into an inline button's callback data under a prefix,
 * and parsed back when the button is pressed.
 */
@NullMarked
package dev.tgfsm.callback;

import org.jspecify.annotations.NullMarked;
