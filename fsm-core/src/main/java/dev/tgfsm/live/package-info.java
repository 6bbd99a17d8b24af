/**
 * Live messages: one message per conversation that the bot edits in place.
 */
@NullMarked
package dev.tgfsm.live;

import org.jspecify.annotations.NullMarked;
