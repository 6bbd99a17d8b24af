/**
 * Idle timeouts of conversations, durable and proactive, and the notice sent to active conversations
 * after a restart.
 */
package dev.tgfsm.timeout;
