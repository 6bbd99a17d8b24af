/**
 * Live messages: one message per conversation that the bot edits in place.
 */
package dev.tgfsm.live;
