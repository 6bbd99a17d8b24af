/**
 * Scenes: named parts of a conversation with enter, leave, exit and back hooks, their own handlers,
 * and back navigation through the history stack.
 */
package dev.tgfsm.scene;
