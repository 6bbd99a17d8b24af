/**
 * Declared allowed transitions between states, enforced at run time and drawn as a diagram.
 */
package dev.tgfsm.transition;
