/**
 * Idle timeouts of conversations, durable and proactive, and the notice sent to active conversations
 * after a restart.
 */
@NullMarked
package dev.tgfsm.timeout;

import org.jspecify.annotations.NullMarked;
