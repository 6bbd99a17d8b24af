/**
 * Scenes: named parts of a conversation with enter, leave, exit and back hooks, their own handlers,
 * and back navigation through the history stack.
 */
@NullMarked
package dev.tgfsm.scene;

import org.jspecify.annotations.NullMarked;
