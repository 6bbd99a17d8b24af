/**
 * The update pipeline: per-conversation ordering, de-duplication, the unit of work around each
 * handler call, and graceful shutdown.
 */
package dev.tgfsm.dispatch;
