/**
 * Rate limits per user, chat or bot backed by the storage's atomic operations (GCRA or a fixed
 * window), and the update middleware that drops throttled updates.
 */
@NullMarked
package dev.tgfsm.ratelimit;

import org.jspecify.annotations.NullMarked;
