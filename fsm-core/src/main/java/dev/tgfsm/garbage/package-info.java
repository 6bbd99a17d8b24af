/**
 * The garbage-message registry: chat messages tracked with the conversation's record and deleted
 * when its state changes.
 */
@NullMarked
package dev.tgfsm.garbage;

import org.jspecify.annotations.NullMarked;
