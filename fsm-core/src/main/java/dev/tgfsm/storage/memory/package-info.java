/**
 * The in-process storage backend: records, counters and lease locks held in memory, for tests,
 * development and single-instance bots that can lose state on restart.
 */
@NullMarked
package dev.tgfsm.storage.memory;

import org.jspecify.annotations.NullMarked;
