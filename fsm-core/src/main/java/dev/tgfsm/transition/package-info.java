/**
 * Declared allowed transitions between states, enforced at run time and drawn as a diagram.
 */
@NullMarked
package dev.tgfsm.transition;

import org.jspecify.annotations.NullMarked;
