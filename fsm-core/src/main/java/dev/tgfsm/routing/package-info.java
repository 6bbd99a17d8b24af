/**
 * Framework-free routing: picks the handler of an update by its kind, the conversation's state,
 * commands, text patterns, callback data and custom predicates, in a deterministic order.
 */
@NullMarked
package dev.tgfsm.routing;

import org.jspecify.annotations.NullMarked;
