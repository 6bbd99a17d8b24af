/**
 * The outbox: Bot API calls of a unit of work, stored with its commit and sent only after the commit
 * succeeded, redelivered after a crash, and acknowledged in a later write.
 */
@NullMarked
package dev.tgfsm.outbox;

import org.jspecify.annotations.NullMarked;
